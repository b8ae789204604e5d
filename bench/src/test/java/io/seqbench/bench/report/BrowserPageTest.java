package io.seqbench.bench.report;

import io.seqbench.bench.cli.CliTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The results page in a real browser: Debian's chromium, headless, driven by Selenium through Debian's chromedriver
 * (nothing is downloaded). Opens {@code index.html} from {@code file://} as a reader would, checks that the verdicts
 * and every task's table are there, that clicking a header sorts the table, and that the console shows no error.
 * Without the two packages the test is skipped, saying which to install; {@code .ci/run} installs them.
 */
public class BrowserPageTest {
    public static final File CHROMIUM = new File("/usr/bin/chromium");
    public static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @TempDir
    Path tmp;
    ChromeDriver driver;

    @BeforeEach
    void browser() {
        Assumptions.assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "no headless browser: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void verdictsTablesSortingAndAQuietConsole() throws Exception {
        Path dir = CliTest.copyFixture(tmp);
        // the published speed matrix beside the fixture's cells: report makes its verdicts, the forest plot a row each
        Files.copy(PublishedResultsTest.RESULTS.resolve(io.seqbench.bench.speed.SpeedReport.JMH),
                dir.resolve(io.seqbench.bench.speed.SpeedReport.JMH));
        assertEquals(0, CliTest.run("report", dir.toString()).code());
        List<io.seqbench.bench.speed.SpeedVerdicts.Verdict> speed = io.seqbench.bench.speed.SpeedVerdicts.epochs(
                io.seqbench.bench.speed.SpeedVerdicts.read(dir));
        assertTrue(speed.size() > 10, "verdicts from jmh.json: " + speed.size());
        String largest = speed.stream().map(ForestPlot.Row::of).max(java.util.Comparator.comparingDouble(
                ForestPlot.Row::speedup)).orElseThrow().label();
        driver.get(dir.resolve(HtmlPage.FILE).toUri().toString());
        assertEquals("seqbench results", driver.getTitle());

        List<WebElement> h2 = driver.findElements(By.tagName("h2"));
        assertEquals("Recommendation", h2.get(0).getText(), "the page opens with the answer");
        assertEquals("Backends by task", h2.get(1).getText(), "then the grid");
        assertEquals("Verdicts", h2.get(2).getText(), "then the verdicts");
        List<WebElement> forest = driver.findElements(By.cssSelector("svg.forest g.forest-row"));
        assertEquals(speed.size(), forest.size(), "the forest plot has one row per epoch verdict");
        assertEquals(largest, forest.get(0).findElement(By.tagName("text")).getText(), "sorted, the largest speed-up first");
        WebElement answer = driver.findElement(By.xpath("//h2[.='Recommendation']/following-sibling::ul[1]"));
        assertTrue(answer.getRect().getY() + answer.getRect().getHeight() <= 900,
                "the recommendation is inside the first 1400 x 900 viewport: " + answer.getRect().getY() + " + "
                        + answer.getRect().getHeight());
        List<WebElement> contents = driver.findElements(By.cssSelector("nav.contents a"));
        assertEquals(h2.size(), contents.size(), "the contents link every section");
        List<WebElement> links = new java.util.ArrayList<>(contents);
        links.addAll(driver.findElements(By.xpath("//h2[.='Recommendation']/following-sibling::*[position() <= 2]//a")));
        assertTrue(links.size() > contents.size(), "the recommendation links to its evidence");
        for (WebElement a : links) {
            String href = a.getAttribute("href");
            String id = href.substring(href.indexOf('#') + 1);
            assertFalse(driver.findElements(By.id(id)).isEmpty(), "the link " + href + " lands on an anchor");
        }
        WebElement verdicts = driver.findElement(By.xpath("//h2[.='Verdicts']/following-sibling::table[1]"));
        for (String task : new String[]{"sum3", "meanones"}) {
            assertTrue(verdicts.findElements(By.xpath(".//tbody/tr/td[1][.='" + task + "']")).size() == 1, task + " verdict row");
            WebElement table = taskTable(task);
            assertFalse(table.findElements(By.xpath(".//tbody/tr")).isEmpty(), task + " table rows");
        }

        WebElement sum3 = taskTable("sum3");
        List<String> before = column(sum3, 3);
        WebElement backend = sum3.findElement(By.xpath(".//thead/tr/th[3]"));
        backend.click();
        List<String> asc = column(sum3, 3);
        assertEquals(asc.stream().sorted().toList(), asc, "ascending after one click");
        backend.click();
        List<String> desc = column(sum3, 3);
        assertEquals(desc.stream().sorted(java.util.Comparator.reverseOrder()).toList(), desc, "descending after two");
        assertTrue(!asc.equals(before) || !desc.equals(before), "sorting reordered the rows: " + before);
        assertEquals("desc", backend.getAttribute("data-order"));

        assertFalse(driver.findElements(By.cssSelector("img.plot")).isEmpty(), "the plots are shown");
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "console errors: " + errors);
        Files.write(Path.of("target", "index-page.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The first table after the task's heading, in its collapsed section, opened as a reader would. */
    WebElement taskTable(String task) {
        WebElement details = driver.findElement(By.xpath("//h2[starts-with(normalize-space(.), '" + task
                + ":')]/following-sibling::details[1]"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
        return details.findElement(By.tagName("table"));
    }

    public static List<String> column(WebElement table, int col) {
        return table.findElements(By.xpath(".//tbody/tr/td[" + col + "]")).stream().map(WebElement::getText).toList();
    }
}
