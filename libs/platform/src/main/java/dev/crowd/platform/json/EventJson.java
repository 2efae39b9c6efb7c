package dev.crowd.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crowd.contracts.CrowdEvent;
import dev.crowd.contracts.Topics;
import jakarta.enterprise.context.ApplicationScoped;

/** Event (de)serialization with the topic's sealed type, so the {@code type} discriminator is always written. */
@ApplicationScoped
public class EventJson {

    private final ObjectMapper mapper;

    public EventJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(CrowdEvent event) {
        try {
            return mapper.writerFor(Topics.eventTypeOf(event.topic())).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    public <E extends CrowdEvent> E read(String json, Class<E> type) throws JsonProcessingException {
        return mapper.readValue(json, type);
    }
}
