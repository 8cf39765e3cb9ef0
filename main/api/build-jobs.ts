/**
 * Packaging jobs the app started: each runs the one build (image-build.ts) with a cancel signal and turns its
 * events into the contract's build events (stage and progress, log lines, done or failed). A
 * job keeps its events, so a page that subscribes after the start still sees all of them.
 */
import type Docker from 'dockerode';
import { CraneError } from '../errors.ts';
import type { BuildEvent } from '../shared/crane-api.ts';
import { toErrorBody } from './error-body.ts';
import type { EventHub } from './event-hub.ts';
import { buildImage, openBuildTarget, type BuildRequest, type PackageEvent } from './image-build.ts';

const MAX_KEPT_EVENTS = 5000;

interface Job {
  events: BuildEvent[];
  abort: AbortController;
  finished: boolean;
}

/** 0..1 from the stage, and within the build from the Dockerfile step. */
function progressOf(event: PackageEvent): number | undefined {
  if (event.type === 'stage') return { 'base-image': 0.03, context: 0.1, build: 0.2 }[event.stage];
  if (event.type === 'build' && event.event.type === 'step') return 0.2 + (0.75 * (event.event.index - 1)) / event.event.total;
  return undefined;
}

function toBuildEvents(event: PackageEvent, progress: number): BuildEvent[] {
  switch (event.type) {
    case 'stage':
      return [{ type: 'stage', message: event.message, progress }];
    case 'notice':
      return [{ type: 'log', line: event.message }];
    case 'pull':
      return event.event.type === 'status' ? [{ type: 'log', line: `pull: ${event.event.text}` }] : [];
    case 'build': {
      const build = event.event;
      if (build.type === 'step') return [{ type: 'stage', message: `step ${build.index}/${build.total}: ${build.instruction}`, progress }];
      if (build.type === 'log') return build.text.split('\n').flatMap((line) => (line.trim() ? [{ type: 'log' as const, line }] : []));
      if (build.type === 'error') return [{ type: 'log', line: `error: ${build.message}` }];
      return [];
    }
  }
}

export class BuildJobs {
  private readonly jobs = new Map<string, Job>();
  private counter = 0;

  constructor(
    private readonly hub: EventHub,
    private readonly docker: () => Promise<Docker>,
  ) {}

  /** Starts a job and returns its id at once; progress goes to the "build" stream under that id. */
  async start(request: BuildRequest, onBuilt: (dir: string) => void): Promise<string> {
    const project = await openBuildTarget(request);
    const docker = await this.docker();
    const jobId = `build-${Date.now().toString(36)}-${++this.counter}`;
    const job: Job = { events: [], abort: new AbortController(), finished: false };
    this.jobs.set(jobId, job);
    let progress = 0;
    const emit = (event: BuildEvent): void => {
      if (job.events.length < MAX_KEPT_EVENTS || event.type === 'done' || event.type === 'failed') job.events.push(event);
      this.hub.emit('build', jobId, event);
    };
    const onEvent = (event: PackageEvent): void => {
      progress = progressOf(event) ?? progress;
      for (const out of toBuildEvents(event, progress)) emit(out);
    };
    buildImage(docker, project, request, { onEvent, signal: job.abort.signal })
      .then((image) => {
        onBuilt(project.dir);
        emit({
          type: 'done',
          tag: image.tag,
          imageId: image.imageId,
          sizeBytes: image.bytes,
          ms: Math.round(image.ms),
          baseImage: image.baseImage,
        });
      })
      .catch((error: unknown) => {
        const cancelled = job.abort.signal.aborted;
        emit({
          type: 'failed',
          error: cancelled ? { code: 'CANCELLED', message: 'the build was cancelled' } : toErrorBody(error),
        });
      })
      .finally(() => (job.finished = true));
    return jobId;
  }

  /** The events so far, for a late subscriber. */
  history(jobId: string): BuildEvent[] {
    return [...(this.jobs.get(jobId)?.events ?? [])];
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new CraneError('NOT_FOUND', `no build job ${jobId}`);
    if (job.finished) return false;
    job.abort.abort(new CraneError('IMAGE_BUILD', 'cancelled'));
    return true;
  }
}
