package dev.crowd.qa.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The JSON-in-text columns: label sets, priors, posteriors, confusion matrices, job id sets. */
@ApplicationScoped
public class JsonColumns {

    private final ObjectMapper mapper;

    public JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> strings(String json) {
        return read(json, new TypeReference<>() { });
    }

    public List<UUID> uuids(String json) {
        return read(json, new TypeReference<>() { });
    }

    public double[] vector(String json) {
        return json == null ? null : read(json, new TypeReference<double[]>() { });
    }

    public double[][] matrix(String json) {
        return json == null ? null : read(json, new TypeReference<double[][]>() { });
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
