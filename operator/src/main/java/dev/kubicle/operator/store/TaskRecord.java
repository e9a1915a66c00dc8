package dev.kubicle.operator.store;

/**
 * A model or tool call read back from the store, with its id (ids grow, so "after id" pages), the task it belongs to
 * and the owner's user key (null when the owner had never signed in when it was recorded).
 */
public record TaskRecord<T>(long id, TaskRef task, String ownerKey, T entry) {}
