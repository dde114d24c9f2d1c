// @regime/cluster: studies on many machines, through Redis and BullMQ (docs/cluster.md).
export { QueueStudy, batchSize, type QueueStudyOptions, type Progress } from './study.js';
export { runWorker, type WorkerOptions } from './worker.js';
export { QueueError } from './errors.js';
export { parseQueueUrl, type QueueAddress } from './url.js';
export { fingerprintMismatch, runBatchJob, planStudy, openStore, studyCacheBytes } from './batch.js';
export { engineId, engineMismatch } from './engine.js';
export { encodeSummaries, decodeSummaries, studyQueueName, STUDIES_KEY, WORKERS_KEY, type BatchJob, type BatchResult, type StudySpec } from './protocol.js';
