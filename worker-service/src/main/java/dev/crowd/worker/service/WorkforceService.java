package dev.crowd.worker.service;

import dev.crowd.contracts.workers.WorkerStatus;
import dev.crowd.worker.Worker;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin search over annotators and the workforce overview. */
@ApplicationScoped
public class WorkforceService {

    /** Search filters; null means "any". */
    public record Filter(WorkerStatus status, Integer minTrust, Integer maxTrust, String skill, String qualification) {
    }

    public enum SortBy {
        TRUST("w.trust asc, w.id"), TRUST_DESC("w.trust desc, w.id"), NAME("lower(w.display_name), w.id"),
        CREATED("w.created_at, w.id"), CREATED_DESC("w.created_at desc, w.id");

        final String sql;

        SortBy(String sql) {
            this.sql = sql;
        }
    }

    public record Page(List<Worker> items, int page, int size, long total) {
    }

    public record RuleCount(String rule, long total, long last30Days, long active) {
    }

    /** An annotator worth a look, with why. */
    public record Attention(String workerId, String displayName, WorkerStatus status, int trust, long activeFlags,
                            long activeJobSuspensions, long sanctionsLast30Days, String latestReason) {
    }

    /**
     * @param trustHistogram ten buckets: 0-9, 10-19, ..., 90-100
     */
    public record Overview(long total, Map<WorkerStatus, Long> byStatus, List<Long> trustHistogram,
                           List<RuleCount> rulesFiredMost, long openAppeals, List<Attention> lookAtFirst) {
    }

    @WithSession
    public Uni<Page> search(Filter filter, SortBy sort, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        List<Object> params = new ArrayList<>();
        if (filter.status() != null) {
            params.add(filter.status().name());
            where.append(" and w.status = ?").append(params.size());
        }
        if (filter.minTrust() != null) {
            params.add(filter.minTrust());
            where.append(" and w.trust >= ?").append(params.size());
        }
        if (filter.maxTrust() != null) {
            params.add(filter.maxTrust());
            where.append(" and w.trust <= ?").append(params.size());
        }
        if (filter.skill() != null) {
            params.add(filter.skill());
            where.append(" and jsonb_exists(w.skills::jsonb, ?").append(params.size()).append(")");
        }
        if (filter.qualification() != null) {
            params.add(filter.qualification());
            where.append(" and exists (select 1 from worker_qualification q where q.worker_id = w.id and q.code = ?")
                    .append(params.size()).append(" and (q.expires_at is null or q.expires_at > now()))");
        }
        String list = "select w.* from worker w" + where + " order by " + sort.sql
                + " limit " + size + " offset " + ((long) page * size);
        String count = "select count(*) from worker w" + where;
        return Panache.getSession().chain(session -> {
            var listQuery = session.createNativeQuery(list, Worker.class);
            var countQuery = session.createNativeQuery(count, Long.class);
            for (int i = 0; i < params.size(); i++) {
                listQuery.setParameter(i + 1, params.get(i));
                countQuery.setParameter(i + 1, params.get(i));
            }
            return listQuery.getResultList().chain(items -> countQuery.getSingleResult()
                    .map(total -> new Page(items, page, size, total)));
        });
    }

    @WithSession
    public Uni<Overview> overview(int attentionLimit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select status, count(*) from worker group by status", Object[].class).getResultList()
                        .chain(statusRows -> session.createNativeQuery(
                                        "select least(trust / 10, 9) as bucket, count(*) from worker group by 1", Object[].class)
                                .getResultList()
                                .chain(histogramRows -> session.createNativeQuery("""
                                                select rule, count(*),
                                                       count(*) filter (where created_at > now() - interval '30 days'),
                                                       count(*) filter (where lifted_at is null and (expires_at is null or expires_at > now()))
                                                from sanction group by rule order by 2 desc, 1 limit 10""", Object[].class)
                                        .getResultList()
                                        .chain(ruleRows -> session.createNativeQuery(
                                                        "select count(*) from appeal where status = 'OPEN'", Long.class)
                                                .getSingleResult()
                                                .chain(openAppeals -> attention(session, attentionLimit)
                                                        .map(attention -> build(statusRows, histogramRows, ruleRows,
                                                                openAppeals, attention)))))));
    }

    /**
     * Annotators to look at first: still active on the platform but flagged or suspended from jobs,
     * most open problems first, then lowest trust.
     */
    private static Uni<List<Attention>> attention(org.hibernate.reactive.mutiny.Mutiny.Session session, int limit) {
        return session.createNativeQuery("""
                        with active as (
                            select * from sanction where lifted_at is null and (expires_at is null or expires_at > now()))
                        select w.id, w.display_name, w.status, w.trust,
                               (select count(*) from active a where a.worker_id = w.id and a.action = 'FLAG'),
                               (select count(*) from active a where a.worker_id = w.id and a.action = 'SUSPEND' and a.scope = 'JOB'),
                               (select count(*) from sanction s where s.worker_id = w.id and s.created_at > now() - interval '30 days'),
                               (select a.reason from active a where a.worker_id = w.id order by a.created_at desc limit 1)
                        from worker w
                        where w.status = 'ACTIVE' and exists (select 1 from active a where a.worker_id = w.id)
                        order by 5 + 6 desc, w.trust asc, w.id
                        limit ?1""", Object[].class)
                .setParameter(1, limit)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Attention((String) r[0], (String) r[1],
                        WorkerStatus.valueOf((String) r[2]), ((Number) r[3]).intValue(), ((Number) r[4]).longValue(),
                        ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), (String) r[7])).toList());
    }

    private static Overview build(List<Object[]> statusRows, List<Object[]> histogramRows, List<Object[]> ruleRows,
                                  long openAppeals, List<Attention> attention) {
        Map<WorkerStatus, Long> byStatus = new EnumMap<>(WorkerStatus.class);
        for (WorkerStatus s : WorkerStatus.values()) {
            byStatus.put(s, 0L);
        }
        long total = 0;
        for (Object[] row : statusRows) {
            long n = ((Number) row[1]).longValue();
            byStatus.put(WorkerStatus.valueOf((String) row[0]), n);
            total += n;
        }
        Long[] buckets = new Long[10];
        java.util.Arrays.fill(buckets, 0L);
        for (Object[] row : histogramRows) {
            buckets[((Number) row[0]).intValue()] = ((Number) row[1]).longValue();
        }
        List<RuleCount> rules = ruleRows.stream().map(r -> new RuleCount((String) r[0], ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), ((Number) r[3]).longValue())).toList();
        return new Overview(total, new LinkedHashMap<>(byStatus), List.of(buckets), rules, openAppeals, attention);
    }
}
