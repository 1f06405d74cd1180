// Helpers that turn the /api/v1/org/tree answer into el-tree data and summaries.

export const KINDS = ['subdistrict', 'town', 'township', 'other'];

export const KIND_TAG_TYPES = {
  subdistrict: 'primary',
  town: 'success',
  township: 'warning',
  other: 'info',
};

/**
 * Builds el-tree nodes from an API county: {code, name, level, kind?, parent?, path, children}.
 * Returns {root, index} where index maps every code to its node.
 */
export function buildOrgTree(county) {
  const index = new Map();
  const countyPath = [county.province, county.city, county.name].filter(Boolean);
  const root = {
    code: county.code,
    name: county.name,
    level: 'county',
    region: [county.province, county.city].filter(Boolean),
    path: countyPath,
    parent: null,
    townshipCount: county.townships?.length ?? 0,
    villageCount: 0,
    children: [],
  };
  index.set(root.code, root);
  for (const township of county.townships ?? []) {
    const villages = township.villages ?? [];
    const townshipNode = {
      code: township.code,
      name: township.name,
      level: 'township',
      kind: KINDS.includes(township.kind) ? township.kind : 'other',
      path: [...countyPath, township.name],
      parent: { code: root.code, name: root.name },
      villageCount: villages.length,
      children: [],
    };
    for (const village of villages) {
      const villageNode = {
        code: village.code,
        name: village.name,
        level: 'village',
        path: [...townshipNode.path, village.name],
        parent: { code: townshipNode.code, name: townshipNode.name },
      };
      townshipNode.children.push(villageNode);
      index.set(villageNode.code, villageNode);
    }
    root.villageCount += villages.length;
    root.children.push(townshipNode);
    index.set(townshipNode.code, townshipNode);
  }
  return { root, index };
}

/** Counts townships by kind and villages of a built tree root. */
export function summarize(root) {
  const byKind = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
  for (const township of root?.children ?? []) byKind[township.kind] += 1;
  return {
    townships: root?.children?.length ?? 0,
    villages: root?.villageCount ?? 0,
    byKind,
  };
}

export function normalizeQuery(query) {
  return (query ?? '').trim().toLowerCase();
}

/** Whether a node's own name or code contains the (normalized) query. */
export function nodeMatches(data, needle) {
  if (!needle) return true;
  return data.name.toLowerCase().includes(needle) || data.code.includes(needle);
}

/** Counts the townships and villages that match the query by themselves. */
export function countMatches(root, needle) {
  let townships = 0;
  let villages = 0;
  if (!root || !needle) return { townships, villages };
  for (const township of root.children) {
    if (nodeMatches(township, needle)) townships += 1;
    for (const village of township.children) if (nodeMatches(village, needle)) villages += 1;
  }
  return { townships, villages };
}
