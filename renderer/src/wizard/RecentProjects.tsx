/** Reopen a project: the recent ones (kept in the user config folder) or any folder holding a craneml.json. */
import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../main/shared/crane-api.ts';
import { api } from '../api/transport.ts';
import { Alert } from '../ui/Alert.tsx';
import { messageOf } from '../ui/format.ts';
import { useAsyncAction } from '../ui/use-async-action.ts';

/** Each project folder once (the settings may name one folder in two spellings), most recent first. */
function oncePerFolder(projects: ProjectSummary[]): ProjectSummary[] {
  return projects.filter((project, i) => projects.findIndex((other) => other.dir === project.dir) === i);
}

/** The button's words: name and version, with the folder when another recent project has the same ones. */
function nameOf(project: ProjectSummary, all: ProjectSummary[]): string {
  const title = `${project.name} ${project.version}`;
  const twin = all.some((other) => other !== project && other.name === project.name && other.version === project.version);
  return twin ? `${title} (${project.dir})` : title;
}

interface RecentProjectsProps {
  onOpen: (project: ProjectSummary) => void;
}

export function RecentProjects({ onOpen }: RecentProjectsProps) {
  const [recent, setRecent] = useState<ProjectSummary[]>([]);
  const [dir, setDir] = useState('');
  const { busy, error: failure, setError: setFailure, run } = useAsyncAction();

  useEffect(() => {
    api.recentProjects({}).then(
      (projects) => setRecent(oncePerFolder(projects)),
      (e) => setFailure(messageOf(e)),
    );
  }, []);

  const open = (folder: string) => run(async () => onOpen(await api.openProject({ dir: folder })));

  return (
    <section aria-labelledby="recent-title" className="recent-projects">
      <h3 id="recent-title">Or continue a project</h3>
      {recent.length > 0 && (
        <ul aria-label="Recent projects">
          {recent.map((project) => (
            <li key={project.dir}>
              <button type="button" disabled={busy} onClick={() => void open(project.dir)} aria-label={`Open ${nameOf(project, recent)}`}>
                {project.name} {project.version}
              </button>{' '}
              <span className="hint">{project.dir}</span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="open-project"
        onSubmit={(event) => {
          event.preventDefault();
          if (dir.trim()) void open(dir.trim());
          else setFailure('Project folder: type the folder that holds craneml.json, then press Open project.');
        }}
      >
        <label htmlFor="open-project-dir">Project folder (holds craneml.json)</label>
        <input id="open-project-dir" value={dir} placeholder="~/CraneML/digits" onChange={(event) => setDir(event.target.value)} />
        <button type="submit" disabled={busy}>
          Open project
        </button>
      </form>
      <Alert message={failure} />
    </section>
  );
}
