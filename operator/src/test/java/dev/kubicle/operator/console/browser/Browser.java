package dev.kubicle.operator.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver (both installed by .ci/run), with a fresh profile that is
 * removed on close, and screenshots kept under target/screenshots as test artifacts.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile, String base) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.base = base;
  }

  /** Why the browser tests cannot run here, or null when they can. */
  static String missing() {
    if (!Files.isExecutable(CHROMIUM)) {
      return CHROMIUM + " is missing (apt-get install chromium; .ci/run installs it)";
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      return CHROMEDRIVER + " is missing (apt-get install chromium-driver; .ci/run installs it)";
    }
    return null;
  }

  static Browser start(String base) {
    Path profile;
    try {
      if (Files.isDirectory(SCREENSHOTS)) {
        try (var old = Files.list(SCREENSHOTS)) { // this run's pictures only
          for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
            Files.delete(png);
          }
        }
      }
      profile = Files.createTempDirectory("kubicle-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // No GPU, no sandbox (CI runs as root), no calls home: this machine's network is closed.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, service, profile, base);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String path) {
    driver.get(base + path);
  }

  String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(By by) {
    return until(d -> {
      try {
        List<WebElement> found = d.findElements(by);
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return null;
      }
    });
  }

  /** Clicks the element once it is shown, looking it up again if a live redraw replaced it. */
  void click(By by) {
    until(d -> {
      try {
        find(by).click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return null;
      }
    });
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /** Waits (bounded) until {@code condition} gives a non-null, non-false value. */
  <T> T until(Function<WebDriver, T> condition) {
    return until(Duration.ofSeconds(30), condition);
  }

  <T> T until(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(condition);
  }

  /** The element's text once it is shown; pages redraw on live updates, so a stale element is looked up again. */
  String text(By by) {
    return until(d -> {
      try {
        WebElement e = d.findElement(by);
        return e.isDisplayed() ? e.getText() : null;
      } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
        return null;
      }
    });
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Signs the browser in with an existing session cookie (the page must be on the console's origin first). */
  void useSession(String cookieHeader) {
    open("/login");
    driver.manage().deleteAllCookies();
    String[] pair = cookieHeader.split("=", 2);
    driver.manage().addCookie(new Cookie(pair[0], pair[1], "/"));
  }

  /** Saves a PNG of the page as target/screenshots/{name}.png. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      // The whole page, not just the window: grow the window to the page's height for the picture.
      var window = driver.manage().window();
      var size = window.getSize();
      long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
      window.setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(4000, Math.max(size.getHeight(),
          height + 140))));
      try {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        window.setSize(size);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the browser's console reported (errors and CSP violations show up here). */
  List<String> consoleErrors() {
    return driver.manage().logs().get("browser").getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(e -> e.getMessage()).toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // the profile is in a temporary folder either way
      }
    }
  }
}
