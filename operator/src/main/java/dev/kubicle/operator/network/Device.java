package dev.kubicle.operator.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A user's WireGuard device as recorded in the user's devices ConfigMap (public facts only, never a private key). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Device(String name, String user, String publicKey, String address, Instant createdAt) {}
