/** Docker's own grammar for image references, image IDs and container names, checked once before a name reaches the Docker API. */

/**
 * A name the way distribution/reference reads it: `[domain/]path[:tag][@digest]`. dockerode pastes
 * names into URL paths unescaped, so anything outside this grammar (`..`, a leading `/`, `?`) could
 * address another endpoint or, through the daemon's redirect, another host.
 */
export interface ImageReference {
  /** Registry host with optional port, when the first part names one (it has a dot or a colon, is "localhost", or has capitals). */
  domain?: string;
  /** Repository path without the domain, e.g. "craneml/digits". */
  path: string;
  tag?: string;
  /** `sha256:` and 64 hex digits. */
  digest?: string;
}

export type NameCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

/** distribution/reference's NameTotalLengthMax: domain and path together. */
export const MAX_IMAGE_NAME_LENGTH = 255;
/** CraneML's bound for a container name (Docker sets none); keeps every name one short line. */
export const MAX_CONTAINER_NAME_LENGTH = 255;

const ALPHA_NUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = new RegExp(`^${ALPHA_NUMERIC}(?:${SEPARATOR}${ALPHA_NUMERIC})*$`);
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const FULL_IMAGE_ID = /^(?:sha256:)?[a-f0-9]{64}$/;
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const HEX_ID = /^[a-f0-9]{1,64}$/;
/** Longest text worth parsing: a full name, a tag and a digest with their separators. */
const MAX_REFERENCE_LENGTH = MAX_IMAGE_NAME_LENGTH + 1 + 128 + 1 + 71;

const NAME_RULE = 'Docker names are lowercase letters, digits and separators ._- between them, parts split by /';
const TAG_RULE = 'a tag is up to 128 letters, digits and ._- not starting with . or -';
const DIGEST_RULE = 'a digest is sha256: and 64 lowercase hex digits';

/** The text quoted for a one-line message: JSON escapes control characters, long text is cut. */
export function quoteName(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function refused<T>(text: string, what: string, rule: string): NameCheck<T> {
  return { ok: false, reason: `${quoteName(text)} is not ${what} (${rule})` };
}

/** The first path part is a registry only when it has a dot or colon, is "localhost", or has capitals (Docker's splitDockerDomain). */
function splitDomain(name: string): { domain?: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { path: name };
  const first = name.slice(0, slash);
  const isDomain = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
  return isDomain ? { domain: first, path: name.slice(slash + 1) } : { path: name };
}

function parseReference(text: string, allowDigest: boolean, what: string): NameCheck<ImageReference> {
  if (text === '') return { ok: false, reason: `the ${what.replace(/^an? /, '')} is empty` };
  if (text.length > MAX_REFERENCE_LENGTH) return refused(text, what, `a name is at most ${MAX_IMAGE_NAME_LENGTH} characters`);
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const withoutDigest = at < 0 ? text : text.slice(0, at);
  if (digest !== undefined && !allowDigest) return refused(text, what, 'give a name and tag here, not a digest');
  if (digest !== undefined && !DIGEST.test(digest)) return refused(text, what, DIGEST_RULE);
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) return refused(text, what, TAG_RULE);
  if (name.length > MAX_IMAGE_NAME_LENGTH) return refused(text, what, `a name is at most ${MAX_IMAGE_NAME_LENGTH} characters`);
  const { domain, path } = splitDomain(name);
  if (domain !== undefined && !DOMAIN.test(domain)) return refused(text, what, `${quoteName(domain)} is not a registry host[:port]`);
  if (!path.split('/').every((component) => PATH_COMPONENT.test(component))) return refused(text, what, NAME_RULE);
  return {
    ok: true,
    value: {
      ...(domain === undefined ? {} : { domain }),
      path,
      ...(tag === undefined ? {} : { tag }),
      ...(digest === undefined ? {} : { digest }),
    },
  };
}

/**
 * Reads an image reference with Docker's grammar, or says why it is not one.
 * @example
 * parseImageReference('127.0.0.1:5000/team/digits:1.0'); // { ok: true, value: { domain: '127.0.0.1:5000', path: 'team/digits', tag: '1.0' } }
 * parseImageReference('a/../x'); // { ok: false, reason: '"a/../x" is not an image name (Docker names are …)' }
 */
export function parseImageReference(text: string): NameCheck<ImageReference> {
  return parseReference(text, true, 'an image name');
}

/**
 * A name to give an image (`build -t`, a push target): a reference without a digest.
 * @example parseImageTag('digits:1.0'); // { ok: true, value: { path: 'digits', tag: '1.0' } }
 */
export function parseImageTag(text: string): NameCheck<ImageReference> {
  return parseReference(text, false, 'an image name');
}

/** @example isImageId('sha256:' + 'a'.repeat(64)) // true; isImageId('3fa2c1') // true */
export function isImageId(text: string): boolean {
  return FULL_IMAGE_ID.test(text) || HEX_ID.test(text);
}

/** Why `text` names no image (by reference or ID), or undefined when it may. */
export function imageNameProblem(text: string): string | undefined {
  if (isImageId(text)) return undefined;
  const parsed = parseImageReference(text);
  return parsed.ok ? undefined : parsed.reason;
}

/** Why `text` cannot be given to an image as its name, or undefined when it can. */
export function imageTagProblem(text: string): string | undefined {
  const parsed = parseImageTag(text);
  return parsed.ok ? undefined : parsed.reason;
}

/** @example isContainerName('digits-3fa2c1') // true; isContainerName('../x') // false */
export function isContainerName(text: string): boolean {
  return text.length <= MAX_CONTAINER_NAME_LENGTH && CONTAINER_NAME.test(text);
}

/** @example isContainerId('3fa2c1') // true */
export function isContainerId(text: string): boolean {
  return HEX_ID.test(text);
}

/** Why `text` names no container (by name or ID), or undefined when it may. */
export function containerNameProblem(text: string): string | undefined {
  if (text === '') return 'the container name is empty';
  if (isContainerName(text) || isContainerId(text)) return undefined;
  return `${quoteName(text)} is not a container name or ID (Docker container names are letters, digits and ._- , starting with a letter or digit)`;
}

/** A container name as the API's URL takes it: Docker's optional leading `/` dropped (`/containers//x` would be redirected). */
export function containerKey(text: string): string {
  return text.startsWith('/') ? text.slice(1) : text;
}
