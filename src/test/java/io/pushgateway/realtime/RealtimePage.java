package io.pushgateway.realtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The /realtime/ page in Debian's headless Chromium, driven through Debian's chromedriver (no
 * browser or driver download: Selenium is told where both are).
 */
final class RealtimePage implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;
    private String url;

    RealtimePage(String url, Path profileDir) {
        this.url = url;
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // Without the background-networking flags Chromium keeps calling Google's hosts, which this
        // machine's closed network refuses; a fresh profile keeps runs independent.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,900",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        this.url = url;
    }

    /** Opens the page afresh (any earlier session's socket closes) and logs in. */
    void logIn(String user, String secret, String groups, String otherKeys) {
        driver.get(url);
        wait(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        type("user", user);
        type("secret", secret);
        type("groups", groups);
        type("extra", otherKeys);
        driver.findElement(By.id("connect")).click();
    }

    void awaitSubscription(String key, String state) {
        wait(ExpectedConditions.attributeToBe(subscription(key), "data-state", state));
    }

    String subscriptionText(String key) {
        return driver.findElement(subscription(key)).getText();
    }

    void awaitStatus(String text) {
        wait(ExpectedConditions.textToBe(By.id("status"), text));
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    /** Waits for the notification of {@code messageId} and returns its text. */
    String awaitNotification(String messageId) {
        By note = notification(messageId);
        wait(ExpectedConditions.presenceOfElementLocated(note));
        return driver.findElement(note).getText();
    }

    boolean shows(String messageId) {
        return !driver.findElements(notification(messageId)).isEmpty();
    }

    int notificationCount() {
        return driver.findElements(By.cssSelector("#notifications li.notification")).size();
    }

    /** sent_at → page, per message shown, in ms (the page's own record). */
    @SuppressWarnings("unchecked")
    List<Number> latencies() {
        return (List<Number>) ((JavascriptExecutor) driver).executeScript("return window.realtimeLatencies;");
    }

    long browserNow() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return Date.now();")).longValue();
    }

    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        return Files.copy(shot, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void type(String id, String text) {
        var field = driver.findElement(By.id(id));
        field.clear();
        if (text != null && !text.isEmpty()) {
            field.sendKeys(text);
        }
    }

    private static By subscription(String key) {
        return By.cssSelector("#subscriptions li[data-key='" + key + "']");
    }

    private static By notification(String messageId) {
        return By.cssSelector("#notifications li[data-message-id='" + messageId + "']");
    }

    private void wait(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
        new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(10)).until(condition);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
