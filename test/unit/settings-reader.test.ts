// The content script's settings reader (utils/content/settings-reader.ts) reads storage directly, without
// WXT's storage items: it must read exactly what utils/settings.ts's setters write and readSettings reads.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readSettingsDirect, watchSettingsDirect } from '../../utils/content/settings-reader';
import {
  addEnabledOrigin,
  badgeDensityItem,
  enabledOriginsItem,
  highlightTopicsItem,
  readSettings,
  setBadgeDensity,
  setHighlightTopics,
  setShowPredictedTopics,
  setSiteEnabled,
  showPredictedTopicsItem,
  siteSwitchesItem,
  type Settings,
} from '../../utils/settings';
import { SYNC_KEYS, LOCAL_KEYS } from '../../utils/content/settings-reader';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('content settings reader', () => {
  it('uses the storage keys of the settings items', () => {
    const items = [siteSwitchesItem, showPredictedTopicsItem, badgeDensityItem, enabledOriginsItem, highlightTopicsItem].map((i) => i.key).sort();
    expect([...SYNC_KEYS.map((k) => `sync:${k}`), ...LOCAL_KEYS.map((k) => `local:${k}`)].sort()).toEqual(items);
  });

  it('reads the defaults, then what the setters wrote, exactly as readSettings does', async () => {
    expect(await readSettingsDirect()).toEqual(await readSettings());
    await setSiteEnabled('arxiv', false);
    await setShowPredictedTopics(false);
    await setBadgeDensity('compact');
    await addEnabledOrigin('example.org');
    await setHighlightTopics(['llm', 'rl']);
    const direct = await readSettingsDirect();
    expect(direct).toEqual(await readSettings());
    expect(direct).toEqual({ sites: { arxiv: false }, showPredictedTopics: false, badgeDensity: 'compact', enabledOrigins: ['https://example.org'], highlightTopics: ['llm', 'rl'] });
  });

  it('validates like readSettings: corrupted values read as their defaults', async () => {
    await fakeBrowser.storage.sync.set({ siteSwitches: { arxiv: 'no', 'Bad Id': false, dblp: false }, showPredictedTopics: 'yes', badgeDensity: 'huge' });
    await fakeBrowser.storage.local.set({ enabledOrigins: ['https://ok.example', 'javascript:alert(1)', 42], highlightTopics: 'llm' });
    const direct = await readSettingsDirect();
    expect(direct).toEqual(await readSettings());
    expect(direct).toEqual({ sites: { dblp: false }, showPredictedTopics: true, badgeDensity: 'full', enabledOrigins: ['https://ok.example'], highlightTopics: [] });
  });

  it('delivers the settings after a change of one of its keys only, and stops when asked', async () => {
    const seen: Settings[] = [];
    const stop = watchSettingsDirect((s) => seen.push(s));
    await fakeBrowser.storage.local.set({ unrelated: 1 });
    await setBadgeDensity('compact');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]!.badgeDensity).toBe('compact');
    await setHighlightTopics(['llm']);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]!.highlightTopics).toEqual(['llm']);
    stop();
    await setBadgeDensity('full');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBe(2);
  });
});
