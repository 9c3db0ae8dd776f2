// Which team owns a session: the config's owners list compiled once into matchers, first matching entry wins (pure).
import picomatch from 'picomatch';
import type { OwnerConfig } from '@/lib/config/schema';

/** What the console shows about a team, and whether "Ask the owner" can reach it. */
export interface TeamInfo {
  team: string;
  contact: string;
  /** The notifications receiver that gets this team's messages; null when only the contact can be shown. */
  receiver: string | null;
}

export interface OwnerDirectory {
  /** The team owning a session with this user and application name, or null when no entry matches. */
  teamOf(user: string | null, application: string | null): TeamInfo | null;
  teams: TeamInfo[];
}

type NameTest = (name: string) => boolean;

/**
 * A pattern matches a name equal to it, or the names it matches as a glob (`*`, `?`, `[...]`, `{a,b}`); `*` also
 * crosses "/" (application names are not paths).
 */
function nameTest(patterns: string[]): NameTest {
  const exact = new Set(patterns);
  const globs = patterns
    .filter((pattern) => picomatch.scan(pattern).isGlob)
    .map((pattern) => picomatch(pattern, globOptions));
  return (name) => exact.has(name) || globs.some((glob) => glob(name));
}

const globOptions = { bash: true, dot: true } as const;

interface CompiledOwner {
  info: TeamInfo;
  user: NameTest;
  application: NameTest;
}

const MAX_REMEMBERED_PAIRS = 10_000;

function compile(owners: OwnerConfig[]): OwnerDirectory {
  const compiled: CompiledOwner[] = owners.map((owner) => ({
    info: { team: owner.team, contact: owner.contact, receiver: owner.receiver ?? null },
    user: nameTest(owner.users),
    application: nameTest(owner.applications),
  }));
  const match = (user: string | null, application: string | null): TeamInfo | null => {
    for (const owner of compiled) {
      if ((user !== null && owner.user(user)) || (application ? owner.application(application) : false)) {
        return owner.info;
      }
    }
    return null;
  };
  // Each snapshot asks again for the same few (user, application) pairs; globs are tried once per pair.
  const known = new Map<string, TeamInfo | null>();
  return {
    teams: compiled.map((owner) => owner.info),
    teamOf(user, application) {
      const key = `${user ?? '\u0000'}\u0000${application ?? ''}`;
      let info = known.get(key);
      if (info === undefined) {
        info = match(user, application);
        if (known.size >= MAX_REMEMBERED_PAIRS) known.clear();
        known.set(key, info);
      }
      return info;
    },
  };
}

// The config object is replaced when the file changes, so its owners array identifies one compilation.
const compiledByConfig = new WeakMap<OwnerConfig[], OwnerDirectory>();

/** The directory for a config's owners list, compiled on first use and kept while that config is current. */
export function ownerDirectory(owners: OwnerConfig[]): OwnerDirectory {
  let directory = compiledByConfig.get(owners);
  if (!directory) {
    directory = compile(owners);
    compiledByConfig.set(owners, directory);
  }
  return directory;
}
