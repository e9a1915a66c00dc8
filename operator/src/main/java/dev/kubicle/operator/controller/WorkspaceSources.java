package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.kube.Labels;
import dev.kubicle.operator.provision.JobCache;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
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
 * and unblocks those waiting for their template), template snapshots, and build Jobs. Everything it reads comes
 * from these informer caches, never from the API server per reconcile.
 */
public class WorkspaceSources {
  static final String TEMPLATES = "templates";
  static final String SNAPSHOTS = "snapshots";
  static final String JOBS = "jobs";
  private static final String BY_TEMPLATE = "byTemplate";

  private final Consumer<JobCache> jobCacheBinding;
  private InformerEventSource<Template, Workspace> templates;
  private InformerEventSource<ConfigMap, Workspace> snapshots;

  /** @param jobCacheBinding receives the Job cache once it exists (the terraform provisioner reads it) */
  public WorkspaceSources(Consumer<JobCache> jobCacheBinding) {
    this.jobCacheBinding = jobCacheBinding;
  }

  public List<EventSource<?, Workspace>> prepare(EventSourceContext<Workspace> context) {
    IndexerResourceCache<Workspace> workspaces = context.getPrimaryCache();
    workspaces.addIndexers(Map.of(BY_TEMPLATE,
        ws -> ws.getSpec() == null || ws.getSpec().getTemplate() == null ? List.of()
            : List.of(key(ws.getMetadata().getNamespace(), ws.getSpec().getTemplate().getName()))));
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
    return List.of(templates, snapshots, jobs);
  }

  /** A resolver reading the caches this controller keeps. */
  public TemplateResolver resolver(Context<Workspace> context) {
    return new TemplateResolver(
        (ns, name) -> templates.get(new ResourceID(name, ns)),
        (ns, name) -> snapshots.get(new ResourceID(name, ns)));
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
