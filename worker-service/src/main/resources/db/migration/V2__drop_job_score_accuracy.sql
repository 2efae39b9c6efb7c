-- qa-service owns an annotator's per-job accuracy; worker-service never read its copy (trust and the
-- rules use the gold and agreement counts). See docs/architecture.md, "Annotator quality: who owns what".
alter table job_score drop column accuracy;
