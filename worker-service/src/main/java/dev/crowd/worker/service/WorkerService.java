package dev.crowd.worker.service;

import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.platform.problem.Problem;
import dev.crowd.platform.problem.ProblemException;
import dev.crowd.worker.Skill;
import dev.crowd.worker.Worker;
import dev.crowd.worker.ProfileRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Annotator profiles: creation (WorkerRegistered), edits (WorkerProfileChanged when eligibility changes). */
@ApplicationScoped
public class WorkerService {

    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** The result of a PUT: the profile and whether it was created now. */
    public record Saved(Worker worker, boolean created) {
    }

    private final ProfileEvents events;
    private final TrustFormula trust;

    public WorkerService(ProfileEvents events, TrustFormula trust) {
        this.events = events;
        this.trust = trust;
    }

    @WithSession
    public Uni<Worker> find(String id) {
        return Worker.<Worker>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Worker " + id));
    }

    @WithSession
    public Uni<List<Skill>> skills() {
        return Skill.<Skill>listAll(io.quarkus.panache.common.Sort.by("code"));
    }

    @WithTransaction
    public Uni<Saved> save(String id, ProfileRequest request) {
        return Skill.<Skill>listAll().chain(catalogue -> {
            Set<String> known = new TreeSet<>();
            catalogue.forEach(s -> known.add(s.code));
            Normalized profile = validate(request, known);
            return Worker.<Worker>findById(id).chain(existing -> existing == null
                    ? create(id, profile).map(w -> new Saved(w, true))
                    : update(existing, profile).map(w -> new Saved(w, false)));
        });
    }

    /** The profile of an annotator seen first in a score (they worked before filling in a profile). */
    public Uni<Worker> findOrRegister(String id) {
        return Worker.<Worker>findById(id).chain(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : create(id, new Normalized(id, List.of(), List.of(), null, null)));
    }

    private Uni<Worker> create(String id, Normalized profile) {
        Worker worker = new Worker();
        worker.id = id;
        apply(worker, profile);
        worker.status = WorkerStatus.ACTIVE;
        worker.trust = trust.initialTrust();
        worker.createdAt = worker.updatedAt;
        // flushed at once: score and volume rows written by native SQL in the same transaction refer to it
        return worker.<Worker>persistAndFlush().chain(w -> events.registered(w).replaceWith(w));
    }

    private Uni<Worker> update(Worker worker, Normalized profile) {
        boolean eligibilityChanged = !worker.skills.equals(profile.skills());
        apply(worker, profile);
        return eligibilityChanged
                ? events.changed(worker, "Skills updated").replaceWith(worker)
                : Uni.createFrom().item(worker);
    }

    private static void apply(Worker worker, Normalized profile) {
        worker.displayName = profile.displayName();
        worker.languages = profile.languages();
        worker.skills = profile.skills();
        worker.country = profile.country();
        worker.timezone = profile.timezone();
        worker.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }

    private record Normalized(String displayName, List<String> languages, List<String> skills, String country,
                              String timezone) {
    }

    /** Checks the values against the catalogue and the ISO lists; every bad value is named. */
    static Normalized validate(ProfileRequest request, Set<String> knownSkills) {
        List<Problem.FieldError> errors = new ArrayList<>();
        TreeSet<String> languages = new TreeSet<>();
        for (int i = 0; i < request.languages().size(); i++) {
            String code = request.languages().get(i).trim().toLowerCase(Locale.ROOT);
            if (!LANGUAGES.contains(code)) {
                errors.add(new Problem.FieldError("languages[" + i + "]", "unknown ISO 639-1 language code"));
            }
            languages.add(code);
        }
        TreeSet<String> skills = new TreeSet<>();
        for (int i = 0; i < request.skills().size(); i++) {
            String code = request.skills().get(i).trim().toLowerCase(Locale.ROOT);
            if (!knownSkills.contains(code)) {
                errors.add(new Problem.FieldError("skills[" + i + "]", "unknown skill; see GET /skills"));
            }
            skills.add(code);
        }
        String country = request.country() == null ? null : request.country().toUpperCase(Locale.ROOT);
        if (country != null && !COUNTRIES.contains(country)) {
            errors.add(new Problem.FieldError("country", "unknown ISO 3166-1 alpha-2 country code"));
        }
        String timezone = request.timezone() == null || request.timezone().isBlank() ? null : request.timezone().trim();
        if (timezone != null) {
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                errors.add(new Problem.FieldError("timezone", "unknown time zone; use an IANA id such as Europe/Berlin"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-profile", errors.stream()
                    .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElseThrow(), errors);
        }
        return new Normalized(request.displayName().trim(), List.copyOf(languages), List.copyOf(skills),
                Objects.requireNonNullElse(country, null), timezone);
    }
}
