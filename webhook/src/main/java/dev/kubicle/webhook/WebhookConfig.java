package dev.kubicle.webhook;

import dev.kubicle.api.validation.Durations;
import dev.kubicle.webhook.admission.Identities;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The webhook's settings, from environment variables the chart sets (names and defaults in docs/webhook.md). */
public record WebhookConfig(int port, int threads, String namespace, String serviceName, List<String> extraDnsNames,
    List<String> watchNamespaces, Identities identities, boolean certManager, Path certDirectory, String secretName,
    String validatingConfig, String mutatingConfig, Duration caValidity, Duration leafValidity,
    Duration caPropagation, Duration checkInterval) {

  public static WebhookConfig fromEnvironment(Map<String, String> env) {
    String namespace = require(env, "KUBICLE_NAMESPACE");
    String service = require(env, "KUBICLE_WEBHOOK_SERVICE");
    String operatorSa = env.getOrDefault("KUBICLE_OPERATOR_SERVICE_ACCOUNT", "kubicle");
    Identities defaults = Identities.defaults(namespace, operatorSa);
    Identities identities = new Identities(
        set(env, "KUBICLE_WEBHOOK_KUBICLE_USERS", defaults.kubicleUsers()),
        set(env, "KUBICLE_WEBHOOK_KUBICLE_GROUPS", defaults.kubicleGroups()),
        set(env, "KUBICLE_WEBHOOK_ADMIN_USERS", defaults.adminUsers()),
        set(env, "KUBICLE_WEBHOOK_ADMIN_GROUPS", defaults.adminGroups()),
        set(env, "KUBICLE_WEBHOOK_CONTROLLER_USERS", defaults.controllerUsers()),
        set(env, "KUBICLE_WEBHOOK_CONTROLLER_GROUPS", defaults.controllerGroups()));
    return new WebhookConfig(
        Integer.parseInt(env.getOrDefault("KUBICLE_WEBHOOK_PORT", "8443")),
        Integer.parseInt(env.getOrDefault("KUBICLE_WEBHOOK_THREADS", "8")),
        namespace, service, list(env, "KUBICLE_WEBHOOK_EXTRA_DNS_NAMES"), list(env, "KUBICLE_WATCH_NAMESPACES"),
        identities,
        "cert-manager".equals(env.getOrDefault("KUBICLE_WEBHOOK_CERT_SOURCE", "self")),
        Path.of(env.getOrDefault("KUBICLE_WEBHOOK_CERT_DIR", "/etc/kubicle-webhook/tls")),
        env.getOrDefault("KUBICLE_WEBHOOK_SECRET", service + "-tls"),
        env.getOrDefault("KUBICLE_WEBHOOK_VALIDATING_CONFIG", service),
        env.getOrDefault("KUBICLE_WEBHOOK_MUTATING_CONFIG", service),
        duration(env, "KUBICLE_WEBHOOK_CA_VALIDITY", "17520h"),
        duration(env, "KUBICLE_WEBHOOK_CERT_VALIDITY", "2160h"),
        duration(env, "KUBICLE_WEBHOOK_CA_PROPAGATION", "2m"),
        duration(env, "KUBICLE_WEBHOOK_CHECK_INTERVAL", "1m"));
  }

  /** The names the serving certificate must carry: the Service's in-cluster DNS names, plus any extras. */
  public List<String> dnsNames() {
    List<String> names = new ArrayList<>(List.of(serviceName + "." + namespace + ".svc", serviceName + "." + namespace,
        serviceName, serviceName + "." + namespace + ".svc.cluster.local"));
    extraDnsNames.stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names;
  }

  private static String require(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required (the chart sets it)");
    }
    return value;
  }

  private static List<String> list(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Set<String> set(Map<String, String> env, String name, Set<String> fallback) {
    return env.containsKey(name) ? list(env, name).stream().collect(Collectors.toSet()) : fallback;
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    return Durations.parse(name, env.getOrDefault(name, fallback));
  }
}
