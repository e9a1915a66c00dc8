package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.BuildTransition;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateAgent;
import dev.kubicle.api.v1alpha1.TemplateLifecycle;
import dev.kubicle.operator.lifecycle.WakeupEventSource;
import dev.kubicle.api.v1alpha1.WorkspaceStatus;
import dev.kubicle.api.validation.Durations;
import dev.kubicle.operator.agentapi.AgentDirectory;
import dev.kubicle.operator.agentapi.AgentEventSource;
import dev.kubicle.operator.agentapi.AgentRegistry;
import dev.kubicle.operator.agentapi.AgentTokenSecrets;
import dev.kubicle.operator.template.SnapshotDecoder;
import dev.kubicle.operator.template.TemplateSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.provision.JobCache;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the Workspace controller watches besides Workspaces: Templates (a new version marks workspaces outdated
 * and unblocks those waiting for their template), template snapshots, build Jobs, and agent token Secrets (which
 * token belongs to which workspace). Everything it reads comes
 * from these informer caches, never from the API server per reconcile.
 */
public class WorkspaceSources implements AgentDirectory {
  static final String TEMPLATES = "templates";
  static final String SNAPSHOTS = "snapshots";
  static final String JOBS = "jobs";
  static final String AGENT_TOKENS = "agent-tokens";
  private static final String BY_TEMPLATE = "byTemplate";
  private static final String BY_TOKEN_HASH = "byTokenHash";

  private final Consumer<JobCache> jobCacheBinding;
  private final AgentRegistry agents;
  private final String controlPlaneUrl;
  private final Instant watchingSince;
  private volatile InformerEventSource<Template, Workspace> templates;
  private volatile InformerEventSource<ConfigMap, Workspace> snapshots;
  private volatile IndexerResourceCache<Workspace> workspaces;
  private volatile InformerEventSource<Secret, Workspace> agentTokens;
  private volatile boolean started;
  private final SnapshotDecoder decoder = new SnapshotDecoder();

  /**
   * @param jobCacheBinding receives the Job cache once it exists (the terraform provisioner reads it)
   * @param agents the connected agents, whose coarse changes wake the controller
   */
  private final WakeupEventSource wakeups;

  public WorkspaceSources(Consumer<JobCache> jobCacheBinding, AgentRegistry agents, String controlPlaneUrl,
      Clock clock, WakeupEventSource wakeups) {
    this.wakeups = wakeups;
    this.jobCacheBinding = jobCacheBinding;
    this.agents = agents;
    this.controlPlaneUrl = controlPlaneUrl;
    this.watchingSince = clock.instant();
  }

  /** Called once the operator's informers are synced: from then on agents may connect. */
  public void started() {
    started = true;
  }

  public List<EventSource<?, Workspace>> prepare(EventSourceContext<Workspace> context) {
    IndexerResourceCache<Workspace> workspaces = context.getPrimaryCache();
    this.workspaces = workspaces;
    workspaces.addIndexers(Map.of(
        BY_TEMPLATE, ws -> ws.getSpec() == null || ws.getSpec().getTemplate() == null ? List.of()
            : List.of(key(ws.getMetadata().getNamespace(), ws.getSpec().getTemplate().getName()))));
    // Which token is valid is read from the operator's own Secrets, never from status (which others may write).
    InformerEventSource<Secret, Workspace> tokens = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, Workspace.class)
            .withName(AGENT_TOKENS)
            .withLabelSelector(Labels.COMPONENT + "=" + AgentTokenSecrets.COMPONENT)
            .withSecondaryToPrimaryMapper(s -> Set.of()) // nothing to reconcile: the agent endpoint reads it
            .build(), context);
    tokens.addIndexers(Map.of(BY_TOKEN_HASH, s -> AgentTokenSecrets.tokenHash(s).map(List::of).orElse(List.of())));
    agentTokens = tokens;
    templates = new InformerEventSource<>(InformerEventSourceConfiguration.from(Template.class, Workspace.class)
        .withName(TEMPLATES)
        .withSecondaryToPrimaryMapper(t -> users(workspaces, t.getMetadata().getNamespace(), t.getMetadata().getName()))
        .build(), context);
    snapshots = new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, Workspace.class)
        .withName(SNAPSHOTS)
        .withLabelSelector(Labels.SNAPSHOT + "=true")
        .withSecondaryToPrimaryMapper(cm -> users(workspaces, cm.getMetadata().getNamespace(), templateOf(cm)))
        .build(), context);
    InformerEventSource<Job, Workspace> jobs = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Job.class, Workspace.class)
            .withName(JOBS)
            .withLabelSelector(Labels.COMPONENT + "=" + Labels.RUNNER_COMPONENT)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workspace.class))
            .build(), context);
    jobCacheBinding.accept(new JobCache() {
      @Override
      public Optional<Job> get(String namespace, String name) {
        return jobs.get(new ResourceID(name, namespace));
      }

      @Override
      public void created(Job job) {
        jobs.handleRecentResourceCreate(ResourceID.fromResource(job), job);
      }
    });
    return List.of(templates, snapshots, jobs, tokens, new AgentEventSource(agents), wakeups);
  }

  @Override
  public boolean ready() {
    return started && workspaces != null;
  }

  @Override
  public Optional<Workspace> byTokenHash(String tokenHash) {
    return agentTokens.byIndex(BY_TOKEN_HASH, tokenHash).stream()
        .flatMap(secret -> AgentTokenSecrets.owner(secret).stream()
            .flatMap(owner -> workspaces.get(new ResourceID(owner.getName(), secret.getMetadata().getNamespace()))
                .stream())
            .filter(ws -> AgentTokenSecrets.belongsTo(secret, ws)))
        .filter(ws -> ws.getMetadata().getDeletionTimestamp() == null).findFirst();
  }

  /**
   * Reconciles the workspace with this uid soon (its logs started or stopped being stored, which no watch sees).
   * Scans the cache: called only when that changes.
   */
  public void wakeByUid(String uid) {
    if (workspaces != null) {
      workspaces().filter(ws -> uid.equals(ws.getMetadata().getUid())).findFirst()
          .ifPresent(ws -> wakeups.wakeNow(ResourceID.fromResource(ws)));
    }
  }

  @Override
  public Optional<TemplateAgent> agentSettings(Workspace ws) {
    return runningSnapshot(ws, ws.getStatus()).map(TemplateSnapshot::agent);
  }

  /** What the controller needs of the agent to derive status. */
  AgentView agentView(Workspace ws, WorkspaceStatus status) {
    Optional<TemplateSnapshot> snapshot = runningSnapshot(ws, status);
    // A version that cannot be read right now (its snapshot not cached yet) is not a template without an agent:
    // saying NotRequired then would tell the user, and an AgentTask, something false.
    boolean expected = snapshot.map(TemplateSnapshot::agentEnabled).orElse(runningVersion(status) != null);
    Duration timeout = AgentView.DEFAULT_TIMEOUT;
    Optional<Template> template = ws.getSpec().getTemplate() == null ? Optional.empty()
        : templates.get(new ResourceID(ws.getSpec().getTemplate().getName(), ws.getMetadata().getNamespace()));
    String configured = template.map(Template::getSpec).map(s -> s.getLifecycle())
        .map(l -> l.getAgentConnectionTimeout())
        .orElse(null);
    if (configured != null && !configured.isBlank()) {
      try {
        timeout = Durations.parse("spec.lifecycle.agentConnectionTimeout", configured);
      } catch (IllegalArgumentException e) {
        // the Template's Valid condition reports it; the default applies meanwhile
      }
    }
    return new AgentView(expected, agents.state(ResourceID.fromResource(ws)), timeout, controlPlaneUrl,
        watchingSince);
  }

  /** The live Template's lifecycle settings (template-wide, not part of a version). */
  Optional<TemplateLifecycle> templateLifecycle(Workspace ws) {
    if (ws.getSpec().getTemplate() == null) {
      return Optional.empty();
    }
    return templates.get(new ResourceID(ws.getSpec().getTemplate().getName(), ws.getMetadata().getNamespace()))
        .map(Template::getSpec).map(s -> s.getLifecycle()); // no spec: a Template that cannot be read
  }

  void forgetAgent(Workspace ws) {
    agents.forget(ResourceID.fromResource(ws));
  }

  /** The version the workspace runs, or the one a start in progress is building. */
  private Optional<TemplateSnapshot> runningSnapshot(Workspace ws, WorkspaceStatus status) {
    String version = ws.getSpec().getTemplate() == null ? null : runningVersion(status);
    if (version == null) {
      return Optional.empty();
    }
    return resolver().resolveVersion(ws, version).snapshot();
  }

  /** The template version the workspace runs or is starting with, or null before its first start. */
  private static String runningVersion(WorkspaceStatus status) {
    if (status == null) {
      return null;
    }
    var build = status.getCurrentBuild();
    return build != null && build.getTransition() == BuildTransition.START
        ? build.getTemplateVersion() : status.getTemplateVersion();
  }

  /** A Workspace from the controller's cache (the console reads here instead of asking the API server). */
  public Optional<Workspace> workspace(String namespace, String name) {
    IndexerResourceCache<Workspace> cache = workspaces;
    return cache == null ? Optional.empty() : cache.get(new ResourceID(name, namespace));
  }

  /** Every cached Workspace (empty until the controller's informers exist). */
  public java.util.stream.Stream<Workspace> workspaces() {
    IndexerResourceCache<Workspace> cache = workspaces;
    return cache == null ? java.util.stream.Stream.empty() : cache.list(ws -> true);
  }

  public Optional<Template> template(String namespace, String name) {
    var cache = templates;
    return cache == null ? Optional.empty() : cache.get(new ResourceID(name, namespace));
  }

  public java.util.stream.Stream<Template> templates() {
    var cache = templates;
    return cache == null ? java.util.stream.Stream.empty() : cache.list(t -> true);
  }

  /** A resolver reading the caches this controller keeps. */
  public TemplateResolver resolver() {
    return new TemplateResolver(
        (ns, name) -> templates.get(new ResourceID(name, ns)),
        (ns, name) -> snapshots.get(new ResourceID(name, ns)), decoder);
  }

  private static Set<ResourceID> users(IndexerResourceCache<Workspace> workspaces, String namespace, String template) {
    if (template == null) {
      return Set.of();
    }
    return workspaces.byIndex(BY_TEMPLATE, key(namespace, template)).stream()
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /** The template a snapshot belongs to, from its owner reference (label values may be truncated). */
  private static String templateOf(HasMetadata snapshot) {
    return snapshot.getMetadata().getOwnerReferences().stream()
        .filter(o -> "Template".equals(o.getKind())).map(OwnerReference::getName).findFirst().orElse(null);
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
