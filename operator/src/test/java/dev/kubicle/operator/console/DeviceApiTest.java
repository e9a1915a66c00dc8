package dev.kubicle.operator.console;

import static dev.kubicle.operator.console.ConsoleFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kubicle.api.v1alpha1.Workspace;
import dev.kubicle.operator.network.DeviceStore;
import dev.kubicle.operator.network.OverlayRange;
import dev.kubicle.operator.network.WireGuardKeys;
import dev.kubicle.operator.store.AuditQuery;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device API over real HTTP: always the caller's own devices, configs never cached, every change audited. */
class DeviceApiTest {
  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.operator().createTemplate(ConsoleFixtures.echoWithParameters("dev"));
    ConsoleFixtures.awaitValid(console.operator(), "dev");
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void aMemberRegistersDownloadsListsAndRevokesTheirDevice() {
    Caller jo = console.member("jo");
    Caller.Response created = jo.post("/api/v1/devices", new JsonObject().put("name", "laptop"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    JsonObject device = created.json().getJsonObject("device");
    assertThat(created.json().getBoolean("keyGenerated")).isTrue();
    String config = created.json().getString("config");
    assertThat(config).contains("Address = " + device.getString("address") + "/32")
        .contains("Endpoint = " + ConsoleHarness.GATEWAY_ENDPOINT).contains("PrivateKey = ");
    assertThat(OverlayRange.parse(OverlayRange.DEFAULT_CIDR).isAllocatable(device.getString("address"))).isTrue();

    Caller.Response download = jo.get("/api/v1/devices/laptop/config");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(config);
    assertThat(download.header("Content-Disposition")).contains("kubicle-laptop.conf");
    assertThat(download.header("Cache-Control")).isEqualTo("no-store");
    assertThat(jo.get("/api/v1/devices").json().getJsonArray("items").getJsonObject(0).getString("publicKey"))
        .isEqualTo(device.getString("publicKey"));

    assertThat(jo.delete("/api/v1/devices/laptop").status()).isEqualTo(204);
    assertThat(jo.get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
    assertThat(jo.get("/api/v1/devices/laptop/config").status()).isEqualTo(404);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console.store().audit()
        .query(new AuditQuery("jo", null, null, null, null, 0, 50)))
        .extracting(e -> e.action() + " " + e.name() + " " + e.result())
        .contains("device.create jo/laptop ok", "device.revoke jo/laptop ok"));
  }

  @Test
  void anotherMembersDeviceIsInvisibleAndUntouchable() {
    console.member("kim").post("/api/v1/devices", new JsonObject().put("name", "phone"));
    Caller lee = console.member("lee");

    assertThat(lee.get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
    assertThat(lee.get("/api/v1/devices/phone/config").status()).isEqualTo(404);
    assertThat(lee.delete("/api/v1/devices/phone").status()).isEqualTo(404);
    assertThat(lee.delete("/api/v1/users/kim/devices/phone").status()).isEqualTo(403);
    assertThat(console.operator().client().configMaps().inNamespace("kubicle-system")
        .withName(DeviceStore.configMapName("kim")).get().getData()).containsKey("phone");

    // An admin can revoke anyone's device (offboarding).
    assertThat(console.session("root", true).delete("/api/v1/users/kim/devices/phone").status()).isEqualTo(204);
    assertThat(console.member("kim").get("/api/v1/devices").json().getJsonArray("items")).isEmpty();
  }

  @Test
  void badRequestsNameTheFieldAndNeedTheCsrfToken() {
    Caller max = console.member("max");
    Caller.Response badName = max.post("/api/v1/devices", new JsonObject().put("name", "My Laptop"));
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.json().getJsonObject("error").getString("field")).isEqualTo("name");

    Caller.Response badKey = max.post("/api/v1/devices", new JsonObject().put("name", "desk")
        .put("publicKey", "abc"));
    assertThat(badKey.status()).isEqualTo(422);
    assertThat(badKey.json().getJsonObject("error").getString("field")).isEqualTo("publicKey");

    String own = WireGuardKeys.generate().publicKey();
    Caller.Response ownKey = max.post("/api/v1/devices", new JsonObject().put("name", "desk").put("publicKey", own));
    assertThat(ownKey.status()).isEqualTo(201);
    assertThat(ownKey.json().getBoolean("keyGenerated")).isFalse();
    assertThat(ownKey.json().getString("config").lines()).noneMatch(l -> l.startsWith("PrivateKey"));
    assertThat(max.post("/api/v1/devices", new JsonObject().put("name", "desk")).status()).isEqualTo(409);

    // A browser session must send its CSRF token (bearer tokens need none).
    Caller browser = console.session("max", false);
    assertThat(browser.withoutCsrf().post("/api/v1/devices", new JsonObject().put("name", "sneaky")).status())
        .isEqualTo(403);
    assertThat(browser.post("/api/v1/devices", new JsonObject().put("name", "tablet")).status()).isEqualTo(201);
    assertThat(max.get("/api/v1/devices").json().getJsonArray("items")).extracting(o -> ((JsonObject) o)
        .getString("name")).containsExactly("desk", "tablet");
  }

  @Test
  void theSshConfigListsMyWorkspacesByOverlayAddressAndNobodyElses() {
    Workspace mine = ConsoleFixtures.runningWorkspace(console.operator(), "ned-ws", "dev", "ned");
    ConsoleFixtures.runningWorkspace(console.operator(), "olga-ws", "dev", "olga");

    Caller.Response snippet = console.member("ned").get("/api/v1/ssh-config");

    assertThat(snippet.status()).isEqualTo(200);
    assertThat(snippet.body()).contains("Host ned-ws." + NS + ".kubicle")
        .contains("HostName " + mine.getStatus().getNetwork().getAddress()).contains("User ned")
        .doesNotContain("olga");
  }
}
