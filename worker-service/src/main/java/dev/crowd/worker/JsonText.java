package dev.crowd.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/**
 * JSON arrays stored as text columns. Hibernate Reactive reads jsonb through Vert.x JsonObject, which
 * cannot hold a top-level array, so list-valued columns are converted here instead.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    abstract static class ListConverter<T> implements AttributeConverter<List<T>, String> {
        private final TypeReference<List<T>> type;

        ListConverter(TypeReference<List<T>> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            try {
                return MAPPER.writeValueAsString(value == null ? List.of() : value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<T> convertToEntityAttribute(String json) {
            try {
                return json == null ? List.of() : MAPPER.readValue(json, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable JSON column", e);
            }
        }
    }

    @Converter
    public static class StringList extends ListConverter<String> {
        public StringList() {
            super(new TypeReference<>() {
            });
        }
    }

    @Converter
    public static class QuestionList extends ListConverter<Qualification.Question> {
        public QuestionList() {
            super(new TypeReference<>() {
            });
        }
    }
}
