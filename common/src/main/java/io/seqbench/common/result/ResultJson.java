package io.seqbench.common.result;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one JSON form of result records: field order as declared, map keys sorted, NaN and infinities allowed
 * (a diverged loss is data, not an error), one line per record.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ResultJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The record as one line, with no local path ({@link LocalPaths}). */
    public static String line(Object record) {
        try {
            return LocalPaths.strip(MAPPER.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code value} as indented JSON, every absolute local path cut to its last name ({@link LocalPaths}), through
     * a temporary file moved into place: the form of every result file.
     */
    public static void write(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, LocalPaths.strip(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)),
                StandardCharsets.UTF_8);
        // whole or not at all: a run killed while writing leaves the previous file, never half of one
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One cell from one line; anything after the cell's JSON (a record glued on by a cut write) is an error. */
    public static CellResult parseCell(String line) throws JsonProcessingException {
        return MAPPER.readerFor(CellResult.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(line);
    }
}
