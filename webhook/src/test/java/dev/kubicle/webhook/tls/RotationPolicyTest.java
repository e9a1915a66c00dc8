package dev.kubicle.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.webhook.tls.RotationPolicy.Force;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {
  private static final List<String> NAMES = List.of("kubicle-webhook.kubicle-system.svc");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RotationPolicy policy = new RotationPolicy(NAMES, Duration.ofDays(300), Duration.ofDays(90),
      Duration.ofMinutes(2));

  @Test
  void startsWithACaAndAServingCertificateForTheServiceName() {
    CertificateState state = policy.next(null, T0, Force.NONE);

    assertThat(state.bundle()).containsExactly(state.ca());
    assertThat(Certificates.issuedBy(state.leaf(), state.ca())).isTrue();
    assertThat(Certificates.dnsNames(state.leaf())).isEqualTo(NAMES);
    CertificateState read = CertificateState.from(state.data(), state.annotations());
    assertThat(read.ca()).isEqualTo(state.ca());
    assertThat(read.leaf()).isEqualTo(state.leaf());
    assertThat(read.bundle()).isEqualTo(state.bundle());
  }

  @Test
  void nothingChangesWhileBothAreFresh() {
    CertificateState state = policy.next(null, T0, Force.NONE).published(T0);

    assertThat(policy.next(state, T0.plus(Duration.ofDays(30)), Force.NONE)).isSameAs(state);
  }

  @Test
  void theServingCertificateIsRenewedWithAThirdOfItsLifeLeft() {
    CertificateState state = policy.next(null, T0, Force.NONE).published(T0);

    CertificateState next = policy.next(state, T0.plus(Duration.ofDays(61)), Force.NONE);

    assertThat(next.leaf()).isNotEqualTo(state.leaf());
    assertThat(next.ca()).isEqualTo(state.ca());
  }

  /** A state whose serving certificate was renewed on day 190, so that on day 201 only the CA is due. */
  private CertificateState renewedOnDay190() {
    CertificateState state = policy.next(null, T0, Force.NONE).published(T0);
    return policy.next(state, T0.plus(Duration.ofDays(190)), Force.NONE);
  }

  @Test
  void aNewCaJoinsTheBundleFirstAndServesOnlyAfterItWasPublished() {
    CertificateState state = renewedOnDay190();
    Instant late = T0.plus(Duration.ofDays(201));

    CertificateState joined = policy.next(state, late, Force.NONE);
    assertThat(joined.bundle()).containsExactly(joined.ca(), state.ca());
    assertThat(joined.leaf()).as("still signed by the old CA").isEqualTo(state.leaf());
    assertThat(policy.next(joined, late.plusSeconds(600), Force.NONE)).as("not published yet").isSameAs(joined);

    CertificateState published = joined.published(late);
    assertThat(policy.next(published, late.plusSeconds(60), Force.NONE)).as("published, not propagated")
        .isSameAs(published);
    CertificateState switched = policy.next(published, late.plusSeconds(120), Force.NONE);
    assertThat(Certificates.issuedBy(switched.leaf(), joined.ca())).isTrue();
    assertThat(switched.bundle()).containsExactly(joined.ca(), state.ca());
  }

  @Test
  void anExpiredCaLeavesTheBundle() {
    CertificateState state = policy.next(null, T0, Force.NONE).published(T0);
    CertificateState joined = policy.next(state, T0.plus(Duration.ofDays(201)), Force.NONE)
        .published(T0.plus(Duration.ofDays(201)));

    CertificateState later = policy.next(joined, T0.plus(Duration.ofDays(301)), Force.NONE);

    assertThat(later.bundle()).containsExactly(joined.ca());
  }

  @Test
  void aForcedCaRotationKeepsTheOldCaInTheBundle() {
    CertificateState state = policy.next(null, T0, Force.NONE).published(T0);

    CertificateState next = policy.next(state, T0.plusSeconds(60), Force.CA);

    assertThat(next.bundle()).containsExactly(next.ca(), state.ca());
    assertThat(next.leaf()).isEqualTo(state.leaf());
  }
}
