-- The claim-queue rebuild (QueueRebuilder) reads a job's assignments page by page of micro-jobs.
create index assignment_micro_job on assignment (micro_job_id);
