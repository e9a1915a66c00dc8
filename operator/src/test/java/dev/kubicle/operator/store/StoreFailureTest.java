package dev.kubicle.operator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.api.v1alpha1.WorkspacePhase;
import dev.kubicle.operator.KubicleOperator;
import dev.kubicle.operator.OperatorConfig;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.support.FailingStore;
import dev.kubicle.operator.support.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failing store does not stop a workspace: it says so (condition, metrics, log) and loses no audit entry. */
class StoreFailureTest {
  private static final String ECHO = "{\"start\": {\"delay\": \"300ms\", \"log\": [\"plan\", \"apply\"]}}";
  private final ListAppender<ILoggingEvent> operatorLog = new ListAppender<>();
  private final Logger healthLogger = (Logger) LoggerFactory.getLogger(StoreHealth.class);
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    healthLogger.detachAppender(operatorLog);
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void workspaceReachesRunningWhileTheStoreFailsAndEveryAuditEntryIsKept() {
    operatorLog.start();
    healthLogger.addAppender(operatorLog);
    FailingStore[] store = new FailingStore[1];
    harness = OperatorHarness.startWithStore(OperatorConfig.forTests(), s -> store[0] = new FailingStore(s));
    store[0].failLogs(true).failAudit(true);
    KubicleOperator operator = harness.operator();

    harness.createTemplate(OperatorHarness.echoTemplate("echo", ECHO));
    Workspace created = harness.createWorkspace(OperatorHarness.workspace("dev", "echo", Map.of()));
    String uid = created.getMetadata().getUid();
    for (int i = 0; i < 100; i++) {
      operator.logWriter().agent(uid, "agent", IntStream.range(0, 50).mapToObj(n -> "flood line " + n).toList());
      operator.store().audit().record(new AuditEntry(0, Instant.now(), "alice", "key-alice", "workspace.touch-" + i,
          "Workspace", OperatorHarness.NS, "dev", "127.0.0.1", "ok", null));
    }

    harness.awaitPhase("dev", WorkspacePhase.Running);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<Condition> conditions = harness.workspace("dev").getStatus().getConditions();
      assertThat(conditions).extracting(Condition::getType).as("the usual four keep their order; this one is last")
          .containsExactly("TemplateResolved", "Provisioned", "AgentConnected", "Ready", "LogsStored");
      Condition logs = Conditions.find(conditions, "LogsStored").orElseThrow();
      assertThat(logs.getStatus()).isEqualTo("False");
      assertThat(logs.getReason()).isEqualTo("StoreUnavailable");
      assertThat(logs.getMessage()).contains("Log lines could not be stored", "disk I/O error");
    });
    assertThat(harness.workspace("dev").getStatus().getMessage()).doesNotContain("Log lines");
    assertThat(operator.metrics().render()).contains("kubicle_store_healthy 0",
        "kubicle_store_write_failures_total{what=\"logs\"}", "kubicle_store_write_failures_total{what=\"audit\"}",
        "kubicle_audit_entries_queued 100");
    assertThat(operatorLog.list).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).contains("could not take logs writes", "disk I/O error"))
        .anySatisfy(m -> assertThat(m).contains("could not take audit writes"));

    store[0].failLogs(false).failAudit(false);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      assertThat(operator.store().audit().query(AuditQuery.latest(500))).hasSize(100);
      assertThat(Conditions.find(harness.workspace("dev").getStatus().getConditions(), "LogsStored")).isEmpty();
      assertThat(operator.store().agentLogs().read(uid, 0, 5000)).hasSize(100 * 50);
    });
    assertThat(operator.store().audit().query(AuditQuery.latest(500)).get(99).action())
        .isEqualTo("workspace.touch-0");
    assertThat(operator.metrics().render()).contains("kubicle_store_healthy 1", "kubicle_audit_entries_queued 0");
  }
}
