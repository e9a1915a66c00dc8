package dev.kubicle.webhook.admission;

/** One webhook's logic: a request in, a decision out. Rules read only caches, so they answer in microseconds. */
@FunctionalInterface
public interface AdmissionRule {
  Decision review(AdmissionRequest request);
}
