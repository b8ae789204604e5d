package io.seqbench.bench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.result.RunProvenance;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run directory: {@code run.json} (provenance and the run's configuration) and {@code cells.jsonl} (one finished
 * cell per line, flushed as soon as it is written, so that kill -9 loses only the cell in progress).
 */
public final class ResultStore implements AutoCloseable {
    public static final String RUN = "run.json";
    public static final String CELLS = "cells.jsonl";

    private final Path dir;
    private FileChannel out;

    public ResultStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public boolean hasRun() {
        return Files.exists(dir.resolve(RUN));
    }

    /** The saved run description. */
    public RunFile readRun() throws IOException {
        try {
            return ResultJson.mapper().readValue(dir.resolve(RUN).toFile(), RunFile.class);
        } catch (JsonProcessingException e) {
            throw new IOException(dir.resolve(RUN) + " is not a seqbench run file: " + e.getOriginalMessage(), e);
        }
    }

    public void writeRun(RunFile run) throws IOException {
        Files.createDirectories(dir);
        ResultJson.write(dir.resolve(RUN), run);
    }

    /** What the cells file holds: the good cells and a note per line that could not be read. */
    public record Loaded(List<CellResult> cells, List<String> problems) {
    }

    /**
     * Reads every cell. A line that is not a valid cell (typically a last line cut by a crash) is reported and
     * skipped, never fatal; when it is the last line, it is also cut from the file so that appends stay valid.
     */
    public Loaded readCells() throws IOException {
        Path file = dir.resolve(CELLS);
        List<CellResult> cells = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Loaded(cells, problems);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                cells.add(ResultJson.parseCell(line));
            } catch (JsonProcessingException e) {
                problems.add(file + " line " + (i + 1) + " is not a complete cell (" + e.getOriginalMessage()
                        + "); skipped" + (i == lines.size() - 1 ? ": it will be run again" : ""));
            }
        }
        return new Loaded(cells, problems);
    }

    /** Rewrites the cells file with only the readable cells (after a crash left a partial line). */
    public void compact(List<CellResult> cells) throws IOException {
        Path tmp = dir.resolve(CELLS + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (CellResult c : cells) {
                w.write(ResultJson.line(c));
                w.newLine();
            }
        }
        Files.move(tmp, dir.resolve(CELLS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Appends one cell as a single write of the whole line, newline included, straight to the OS: a kill leaves
     * either the whole line or a cut last line, never a record glued onto another.
     */
    public synchronized void append(CellResult cell) {
        try {
            if (out == null) {
                Files.createDirectories(dir);
                out = FileChannel.open(dir.resolve(CELLS), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer line = ByteBuffer.wrap((ResultJson.line(cell) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                out.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CELLS), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** run.json: the provenance and the configuration that --resume repeats. */
    public record RunFile(RunProvenance provenance, RunConfig config) {
    }

    /**
     * The grid a run covers: enough to plan the same cells again.
     *
     * @param cellLimit seconds per cell, or null for the profile's (a run from before it was saved)
     * @param shard     {@code K/N} when this run is one shard of the grid, null for the whole grid
     */
    public record RunConfig(String profile, List<String> tasks, List<String> backends, List<String> models, int seeds,
                     List<String> params, Integer epochs, Long cellLimit, String shard) {

        /** The same grid, whole: what the shards of one grid share. */
        public RunConfig whole() {
            return new RunConfig(profile, tasks, backends, models, seeds, params, epochs, cellLimit, null);
        }
    }
}
