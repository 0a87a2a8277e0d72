import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { TOPICS } from '@kafkloud/streamer';
import { readState, SCREENSHOTS, startService, stopService } from './stack';

// Workers start after the global setup, so the stack's URL is known when this file loads.
test.use({ baseURL: process.env.PORTAL_URL ?? readState().urls.portal });

test.describe.configure({ mode: 'serial' });

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

async function produce(count: number): Promise<string[]> {
  const state = readState();
  const ids: string[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - start) }, async (_, i) => {
        const response = await fetch(`${state.urls.producer}/produce`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${state.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ data: { n: start + i, note: 'paging test' } }),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

test('when DoIt is clicked, then every stage and IsDone show within 5 s', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('feed-status')).toHaveText('Live');
  await page.getByRole('button', { name: 'DoIt' }).click();
  await expect(page.getByTestId('isdone')).toBeVisible({ timeout: 5_000 });
  for (const stage of ['accepted', 'persisted', 'learned']) {
    await expect(page.getByTestId(`stage-${stage}`)).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId(`stage-${stage}`)).toContainText(/\+\d/);
  }
  await expect(page.getByTestId('stage-accepted')).toContainText(/partition \d+ · offset \d+/);
  await screenshot(page, 'home');
});

test('when the broadcaster runs, then the live feed shows a Hello world within 12 s', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('feed-status')).toHaveText('Live');
  // The feed opens with recent history; clear it so only a broadcast from now on can pass.
  // A broadcast may land the instant after the click, so what must be gone is what was there.
  const items = page.getByTestId('feed-item');
  await expect(items.first()).toBeVisible();
  const before = await items
    .locator('a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  await page.getByRole('button', { name: 'Clear' }).click();
  for (const href of before) {
    await expect(items.filter({ has: page.locator(`a[href="${href}"]`) })).toHaveCount(0);
  }
  const hello = page.getByTestId('feed-item').filter({ hasText: 'Hello world' });
  await expect(hello.first()).toBeVisible({ timeout: 12_000 });
  await expect(page.getByTestId('count-Hello')).not.toHaveText('0');

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('feed-item')).toHaveCount(0);
  await expect(page.getByTestId('count-Events')).toHaveText('0');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(hello.first()).toBeVisible({ timeout: 12_000 });
});

test('when seer is taught a statement, then asking about it cites it as a source', async ({
  page,
}) => {
  const marker = `zq${randomBytes(4).toString('hex')}`;
  const statement = `The e2e marker ${marker} is painted violet.`;
  await page.goto('/seer');
  await page.getByLabel('Statement', { exact: true }).fill(statement);
  await page.getByRole('button', { name: 'Teach' }).click();
  await expect(page.getByText('Seer learned it.')).toBeVisible();

  await page.getByLabel('Question', { exact: true }).fill(`What colour is the marker ${marker}?`);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('answer')).toBeVisible();
  await expect(page.getByTestId('source').filter({ hasText: statement })).toBeVisible();
  await screenshot(page, 'seer');
});

test('when a document is uploaded, then progress ends in learned and seer can cite it', async ({
  page,
}) => {
  const marker = `doc${randomBytes(4).toString('hex')}`;
  await page.goto('/seer');
  await page.getByLabel('Text document', { exact: true }).setInputFiles({
    name: `${marker}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`The archive code ${marker} opens the northern vault.\n`),
  });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText(`${marker}.txt: learned`)).toBeVisible();
  await page
    .getByLabel('Question', { exact: true })
    .fill(`What does the archive code ${marker} open?`);
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(page.getByTestId('source').filter({ hasText: marker })).toBeVisible();
});

test('when the streamer page loads, then it lists every catalogue topic and the groups with lag', async ({
  page,
}) => {
  const state = readState();
  await page.goto('/streamer');
  for (const name of Object.values(TOPICS)) {
    await expect(page.locator(`[data-topic="${state.prefix}${name}"]`)).toBeVisible();
  }
  for (const group of state.groups) {
    const card = page.locator(`[data-group="${group}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(/lag \d+/);
    await expect(card.getByTestId('group-partition').first()).toBeVisible();
  }
  await screenshot(page, 'streamer');

  await page.goto(
    `/streamer?topic=${encodeURIComponent(`${state.prefix}${TOPICS.events}`)}&partition=0#messages`,
  );
  await expect(page.getByTestId('message').first()).toBeVisible();
  await expect(page.getByTestId('message').first()).toContainText('"specversion": "1.0"');
  await page.locator('#messages').scrollIntoViewIfNeeded();
  await screenshot(page, 'streamer-messages');
});

test('when more than 100 events exist, then the events page pages past them', async ({ page }) => {
  const state = readState();
  await produce(130);
  await expect
    .poll(
      async () => {
        const response = await fetch(`${state.urls.consumer}/status`, {
          headers: { authorization: `Bearer ${state.token}` },
        });
        return ((await response.json()) as { totals: { events: number } }).totals.events;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(130);

  await page.goto('/events');
  const seen = new Set<string>();
  for (let pageNumber = 1; pageNumber <= 3; pageNumber += 1) {
    await expect(page.getByTestId('events-page-label')).toContainText(`Page ${pageNumber}`);
    const ids = await page.getByTestId('event-row').locator('a').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    if (pageNumber === 1) await screenshot(page, 'events');
    if (pageNumber < 3) await page.getByRole('link', { name: 'Next page →' }).first().click();
  }
  expect(seen.size).toBeGreaterThan(100);

  await page.goto('/events?type=kafkloud.message.v1&limit=25');
  await expect(page.getByTestId('event-row')).toHaveCount(25);
  await page.getByTestId('event-row').first().locator('a').click();
  await expect(page.getByTestId('detail-stage-persisted')).toBeVisible();
  await screenshot(page, 'event-detail');
});

test('when every service is up, then the health page says all systems ready', async ({ page }) => {
  await page.goto('/health');
  await expect(page.getByTestId('overall')).toHaveAttribute('data-state', 'ready');
  for (const svc of ['producer', 'consumer', 'seer']) {
    await expect(page.getByTestId(`health-${svc}`)).toHaveAttribute('data-state', 'ready');
  }
  await screenshot(page, 'health');
});

test('when the producer stops, then DoIt shows a clear error and the page keeps working; when it is back, DoIt works again', async ({
  page,
}) => {
  await stopService('producer');
  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'DoIt' }).click();
    const problem = page.getByTestId('problem');
    await expect(problem).toHaveAttribute('role', 'alert');
    await expect(problem).toContainText('Producer is unreachable');
    await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
    await screenshot(page, 'home-producer-down');

    await page.getByRole('link', { name: 'Health' }).click();
    await expect(page.getByTestId('health-producer')).toHaveAttribute('data-state', 'down');
    await expect(page.getByTestId('overall')).toHaveAttribute('data-state', 'down');
    await page.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('button', { name: 'DoIt' })).toBeEnabled();
  } finally {
    await startService('producer');
  }
  await page.getByRole('button', { name: 'DoIt' }).click();
  await expect(page.getByTestId('isdone')).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId('problem')).toHaveCount(0);
});

test('when the visitor prefers dark, then the home page renders in dark colours', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ colorScheme: 'dark', baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('feed-item').first()).toBeVisible({ timeout: 12_000 });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe('rgb(246, 247, 249)');
  await screenshot(page, 'home-dark');
  await context.close();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`when each page is checked in ${colorScheme} mode, then axe finds no WCAG 2 A/AA violation`, async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({ colorScheme, baseURL });
    const page = await context.newPage();
    const violations: string[] = [];
    for (const path of ['/', '/events', '/seer', '/streamer', '/health']) {
      await page.goto(path);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      violations.push(
        ...results.violations.map(
          (v) => `${path}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ') ?? ''}`,
        ),
      );
    }
    expect(violations).toEqual([]);
    await context.close();
  });
}

test('when the screen is narrow, then the home page stacks and stays usable', async ({
  browser,
  baseURL,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'DoIt' }).click();
  await expect(page.getByTestId('isdone')).toBeVisible({ timeout: 5_000 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'home-mobile');
  await context.close();
});
