package io.seqbench.bench.report;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index.html}: the run's README as one self-contained page, for people who would rather look and sort than
 * read Markdown. The body is the generated README rendered by commonmark (so the page says exactly what the tables
 * say, verdicts first), every table sorts by any column on a click, each plot link shows its plot, and each SVG
 * picture (the speed verdicts' forest plot) is inlined. CSS and JavaScript are inline: it works from {@code file://} with no network.
 */
public final class HtmlPage {
    public static final String FILE = "index.html";

    private HtmlPage() {
    }

    public static void write(Path dir, String readmeMarkdown) throws IOException {
        List<org.commonmark.Extension> ext = List.of(TablesExtension.create());
        String body = HtmlRenderer.builder().extensions(ext).build()
                .render(Parser.builder().extensions(ext).build().parse(readmeMarkdown));
        body = withContents(withHeadingIds(body));
        body = body.replaceAll("<a href=\"(plots/[^\"]+\\.png)\">([^<]*)</a>",
                "<a href=\"$1\">$2</a><br><img class=\"plot\" src=\"$1\" alt=\"$2\">");
        body = withInlineSvg(dir, body);
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>seqbench results</title>\n"
                + "<style>" + CSS + "</style></head>\n<body>\n" + body
                + "<script>" + SORT + "</script>\n</body></html>\n";
        Files.writeString(dir.resolve(FILE), page, StandardCharsets.UTF_8);
    }

    /**
     * Each SVG picture of the run directory in place of its image tag: the page stays one file, and the picture's parts
     * (a forest plot's rows) are part of the page.
     */
    static String withInlineSvg(Path dir, String html) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<img src=\"(plots/[^\"]+\\.svg)\"[^>]*>").matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Path svg = dir.resolve(m.group(1));
            String inline = Files.exists(svg) ? Files.readString(svg, StandardCharsets.UTF_8) : m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(inline));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Gives every h2 and h3 the id GitHub gives the same Markdown heading (lower case, punctuation dropped, spaces as
     * hyphens), so that a link such as {@code #speed-verdicts} works in both the README and the page.
     */
    static String withHeadingIds(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<h([23])>(.*?)</h\\1>").matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String slug = m.group(2).replaceAll("<[^>]+>", "").toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    "<h" + m.group(1) + " id=\"" + slug + "\">" + m.group(2) + "</h" + m.group(1) + ">"));
        }
        return m.appendTail(out).toString();
    }

    /** A line of links to every section (h2), placed before the first one: the page is long, the reader is not. */
    static String withContents(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<h2 id=\"([^\"]+)\">(.*?)</h2>").matcher(html);
        List<String> links = new java.util.ArrayList<>();
        int first = -1;
        while (m.find()) {
            first = first < 0 ? m.start() : first;
            links.add("<a href=\"#" + m.group(1) + "\">" + m.group(2).replaceAll("<[^>]+>", "").replaceFirst(":.*", "") + "</a>");
        }
        if (first < 0) {
            return html;
        }
        return html.substring(0, first) + "<nav class=\"contents\"><strong>Contents:</strong> " + String.join(" · ", links)
                + "</nav>\n" + html.substring(first);
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1400px;padding:0 1em;"
            + "color:#222}table{border-collapse:collapse;margin:.8em 0;font-size:13px}th,td{border:1px solid #ccc;"
            + "padding:3px 6px;vertical-align:top}th{background:#eef;cursor:pointer;user-select:none}"
            + "th[data-order=asc]::after{content:' \\25B2'}th[data-order=desc]::after{content:' \\25BC'}"
            + "tr:nth-child(even) td{background:#f8f8f8}img.plot{max-width:700px;display:block;margin:.5em 0}"
            + "svg text{font-size:12px}"
            + "code{background:#f2f2f2;padding:0 3px}nav.contents{font-size:14px;margin:.5em 0 1em}"
            // on a narrow screen a wide table scrolls inside itself instead of widening the page
            + "@media (max-width:800px){table{display:block;overflow-x:auto}img.plot{max-width:100%}}";

    /**
     * Click a header to sort its table by that column, again to reverse: numbers (a cell's leading number) before
     * text, text alphabetically.
     */
    private static final String SORT = """
            (function () {
              function key(cell) {
                var t = cell ? cell.textContent.trim() : '';
                var m = t.match(/^[-+]?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?/i);
                return m ? parseFloat(m[0]) : t.toLowerCase();
              }
              function compare(x, y) {
                var nx = typeof x === 'number', ny = typeof y === 'number';
                if (nx && ny) return x - y;
                if (nx !== ny) return nx ? -1 : 1;
                return x < y ? -1 : x > y ? 1 : 0;
              }
              document.querySelectorAll('table').forEach(function (table) {
                if (!table.tHead || !table.tBodies.length) return;
                var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
                heads.forEach(function (th, col) {
                  th.title = 'sort by this column';
                  th.addEventListener('click', function () {
                    var asc = th.getAttribute('data-order') !== 'asc';
                    heads.forEach(function (h) { h.removeAttribute('data-order'); });
                    th.setAttribute('data-order', asc ? 'asc' : 'desc');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var c = compare(key(a.cells[col]), key(b.cells[col]));
                      return asc ? c : -c;
                    });
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
              });
            })();
            """;
}
