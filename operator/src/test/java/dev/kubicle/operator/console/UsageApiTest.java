package dev.kubicle.operator.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.store.ModelCallEntry;
import dev.kubicle.operator.store.TaskRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage per user and model per month over real HTTP: admins see everyone's, members their own, as JSON or CSV. */
class UsageApiTest {
  static final String EVIL = "=HYPERLINK(\"http://evil.example\",\"x\")";

  @TempDir
  static Path dir;
  static ConsoleHarness console;

  @BeforeAll
  static void start() {
    console = ConsoleHarness.start(dir);
    console.member("alice"); // alice has signed in: her records carry her user key
    Instant november = Instant.parse("2026-11-03T12:00:00Z");
    TaskRef alices = new TaskRef("default", "t1", "uid-a", "alice", "ws");
    TaskRef evils = new TaskRef("default", "t2", "uid-e", EVIL, "ws");
    var records = console.store().taskRecords();
    records.modelCall(alices, call(november, "sonnet", 1000, 100, 50, 10, 4500L));
    records.modelCall(alices, call(november.plusSeconds(60), "sonnet", 2000, 200, 0, 0, 9000L));
    records.modelCall(alices, call(november, "-1+qwen", 500, 50, 0, 0, null));
    records.modelCall(evils, call(november, "sonnet", 1, 1, 0, 0, 18L));
    records.modelCall(alices, call(Instant.parse("2026-10-31T23:59:59Z"), "sonnet", 7, 7, 0, 0, 1L));
  }

  static ModelCallEntry call(Instant at, String model, long in, long out, long read, long write, Long cost) {
    return new ModelCallEntry(at, 1, "anthropic", "anthropic", model, "ok", "end_turn", in, out, read, write, cost, 1,
        10, null);
  }

  @AfterAll
  static void stop() {
    console.close();
  }

  @Test
  void anAdminReadsEveryonesUsageOfAMonthWithTotalsAndCostAbsentWhereUnpriced() {
    JsonObject body = console.session("root", true).get("/api/v1/usage?month=2026-11").json();

    JsonArray items = body.getJsonArray("items");
    assertThat(body.getString("month")).isEqualTo("2026-11");
    assertThat(items).hasSize(3);
    assertThat(items.getJsonObject(0).getString("owner")).as("ordered by owner: '=' sorts before letters")
        .isEqualTo(EVIL);
    JsonObject unpriced = items.getJsonObject(1);
    assertThat(unpriced.getString("model")).isEqualTo("-1+qwen");
    assertThat(unpriced.containsKey("costMicros") && unpriced.getValue("costMicros") == null).as("absent, not 0")
        .isTrue();
    assertThat(unpriced.getLong("unpricedCalls")).isEqualTo(1);
    JsonObject sonnet = items.getJsonObject(2);
    assertThat(sonnet.getString("owner")).isEqualTo("alice");
    assertThat(sonnet.getString("ownerKey")).isEqualTo(ConsoleHarness.IDP + "|sub-alice");
    assertThat(sonnet.getLong("calls")).isEqualTo(2);
    assertThat(sonnet.getJsonObject("usage")).isEqualTo(new JsonObject().put("input", 3000).put("output", 300)
        .put("cacheRead", 50).put("cacheWrite", 10));
    assertThat(sonnet.getLong("costMicros")).isEqualTo(13_500);
    JsonObject totals = body.getJsonObject("totals");
    assertThat(totals.getLong("calls")).isEqualTo(4);
    assertThat(totals.getLong("costMicros")).isEqualTo(13_518);
    assertThat(totals.getLong("unpricedCalls")).isEqualTo(1);
    assertThat(totals.getJsonObject("usage").getLong("input")).isEqualTo(3501);

    JsonObject october = console.session("root", true).get("/api/v1/usage?month=2026-10").json();
    assertThat(october.getJsonArray("items")).hasSize(1);
    assertThat(console.session("root", true).get("/api/v1/usage?month=2026-12").json().getJsonArray("items"))
        .isEmpty();
  }

  @Test
  void aMemberReadsOnlyTheirOwnUsageAndApiTokensAreMembers() {
    Caller alice = console.member("alice");

    Caller.Response everyone = alice.get("/api/v1/usage?month=2026-11");
    Caller.Response everyoneCsv = alice.get("/api/v1/usage.csv?month=2026-11");
    JsonObject mine = alice.get("/api/v1/usage?mine&month=2026-11").json();
    Caller.Response bobs = console.member("bob").get("/api/v1/usage?mine=true&month=2026-11");

    assertThat(everyone.status()).isEqualTo(403);
    assertThat(everyone.errorMessage()).contains("?mine");
    assertThat(everyoneCsv.status()).isEqualTo(403);
    assertThat(mine.getJsonArray("items")).hasSize(2).allSatisfy(o -> assertThat(((JsonObject) o)
        .getString("owner")).isEqualTo("alice"));
    assertThat(bobs.status()).isEqualTo(200);
    assertThat(bobs.json().getJsonArray("items")).isEmpty();
    assertThat(bobs.json().getJsonObject("totals").getValue("costMicros")).isNull();
    assertThat(console.anonymous().get("/api/v1/usage?mine").status()).isEqualTo(401);
    assertThat(alice.get("/api/v1/usage?mine&month=2026-13").status()).isEqualTo(400);
    assertThat(alice.get("/api/v1/usage?mine&month=November").json().getJsonObject("error").getString("field"))
        .isEqualTo("month");
  }

  @Test
  void theCsvIsAnAttachmentWithAHeaderRowAndFormulaCellsEscaped() {
    Caller.Response csv = console.session("root", true).get("/api/v1/usage.csv?month=2026-11");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"kubicle-usage-2026-11.csv\"");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("month,owner,owner_key,provider,model,calls,input_tokens,output_tokens,"
        + "cache_read_tokens,cache_write_tokens,cost_micros,cost_usd,unpriced_calls");
    assertThat(lines.get(2)).isEqualTo("2026-11,alice," + ConsoleHarness.IDP + "|sub-alice,anthropic,'-1+qwen,1,500,"
        + "50,0,0,,,1");
    assertThat(lines.get(3)).isEqualTo("2026-11,alice," + ConsoleHarness.IDP + "|sub-alice,anthropic,sonnet,2,3000,"
        + "300,50,10,13500,0.013500,0");
    assertThat(lines.get(1)).isEqualTo("2026-11,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",,anthropic,"
        + "sonnet,1,1,1,0,0,18,0.000018,0");
    assertThat(csv.body()).contains("\r\n");

    Caller.Response mine = console.member("alice").get("/api/v1/usage.csv?mine&month=2026-11");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.header("Content-Disposition")).contains("kubicle-usage-2026-11-alice.csv");
    assertThat(mine.body().lines()).hasSize(3);
  }
}
