package dev.kubicle.operator.template;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes template snapshots once: they are immutable, so a decoded snapshot is good for as long as the ConfigMap
 * (its UID) exists, and a reconcile need not parse the same JSON again and again.
 */
public final class SnapshotDecoder {
  private static final int KEPT = 512;

  private final Map<String, TemplateSnapshot> byUid = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TemplateSnapshot> eldest) {
          return size() > KEPT;
        }
      });

  public TemplateSnapshot decode(ConfigMap snapshot) {
    String uid = snapshot.getMetadata().getUid();
    if (uid == null) {
      return SnapshotCodec.decode(snapshot);
    }
    return byUid.computeIfAbsent(uid, k -> SnapshotCodec.decode(snapshot));
  }
}
