package dev.kubicle.operator.task;

import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.task.llm.ModelClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What every task loop shares: the model client, the tools, the records, status and events, the activity hook
 * that keeps the workspace alive, the check that binds each task to its workspace's UID, and the small thread budget
 * all loops run on. Once {@code closed} (the operator stops), loops write nothing more: a restarted operator takes
 * them over.
 */
record TaskDependencies(ModelClient models, TaskTools tools, BindingCheck bindings, TaskRecorder recorder,
    TaskStatusWriter status, EventRecorder events, Consumer<ResourceID> activity, Executor executor,
    ScheduledExecutorService timer, Clock clock, AtomicBoolean closed, TaskCounters counters) {}
