package dev.kubicle.operator.provision;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/** The operator's informer view of build Jobs: reading it costs no API call. */
public interface JobCache {
  Optional<Job> get(String namespace, String name);

  /** Tells the cache about a Job just created, so the next reconcile sees it before the watch event arrives. */
  void created(Job job);
}
