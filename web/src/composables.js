import { onBeforeUnmount, ref } from 'vue';

/** Breakpoint below which the layout switches to its narrow (phone) form. */
export const MOBILE_QUERY = '(max-width: 768px)';

/** A ref that follows `window.matchMedia(query).matches`. */
export function useMediaQuery(query = MOBILE_QUERY) {
  const media = window.matchMedia(query);
  const matches = ref(media.matches);
  const onChange = (event) => { matches.value = event.matches; };
  media.addEventListener('change', onChange);
  onBeforeUnmount(() => media.removeEventListener('change', onChange));
  return matches;
}

/** Splits `text` into [{text, hit}] parts around case-insensitive occurrences of `query`. */
export function highlightParts(text, query) {
  const value = String(text ?? '');
  const needle = (query ?? '').trim().toLowerCase();
  if (!needle) return [{ text: value, hit: false }];
  const lower = value.toLowerCase();
  const parts = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: value.slice(from, at), hit: false });
    parts.push({ text: value.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < value.length) parts.push({ text: value.slice(from), hit: false });
  return parts;
}
