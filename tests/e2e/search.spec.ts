// Searching and filtering by tag on the home page, and how the filters
// live in the URL and survive navigation.
import {
  test,
  expect,
  EVERY_GOOD,
  cardLink,
  cardTitles,
  pageHeading,
  resultCount,
  searchBox,
} from './fixtures';

test('typing rapidpro leaves Primero', async ({ page }) => {
  await page.goto('/');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);

  await searchBox(page).pressSequentially('rapidpro');

  await expect(cardTitles(page)).toHaveText(['Primero']);
  await expect(resultCount(page)).toHaveText('1 of 4 goods');
  await expect(page).toHaveURL(/[?&]q=rapidpro(&|$)/);
});

test('search ignores accents and case', async ({ page }) => {
  await page.goto('/');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);

  // "Éducation" folds to "education", which the goods tagged Education contain.
  await searchBox(page).pressSequentially('ÉDUCATION');

  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning']);
  await expect(resultCount(page)).toHaveText('2 of 4 goods');
});

test('tag filter lists every tag with its count', async ({ page }) => {
  await page.goto('/');

  const filter = page.locator('fieldset.tag-filter');
  await expect(filter.locator('legend')).toHaveText('Filter by tag');
  await expect(page.getByRole('group', { name: 'Filter by tag' })).toBeVisible();
  const expected = [/^Children\W*3\b/, /^Education\W*2\b/, /^Humanitarian\W*2\b/, /^Gender Equality\W*1\b/];
  for (const name of expected) {
    await expect(filter.getByRole('checkbox', { name }), String(name)).toHaveCount(1);
  }
  // The list has one checkbox per tag. The match mode checkbox sits outside it.
  await expect(filter.locator('ul').getByRole('checkbox')).toHaveCount(4);
});

test('tag Children leaves three goods', async ({ page }) => {
  await page.goto('/');

  await page.getByRole('checkbox', { name: /^Children\W*3\b/ }).check();

  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning', 'Primero']);
  await expect(resultCount(page)).toHaveText('3 of 4 goods');
  await expect(page).toHaveURL(/[?&]tag=Children(&|$)/);
});

test('tag in the URL selects its checkbox', async ({ page }) => {
  await page.goto('/?tag=Humanitarian');

  await expect(cardTitles(page)).toHaveText(['OpenCRVS', 'Primero']);
  await expect(page.getByRole('checkbox', { name: /^Humanitarian\b/ })).toBeChecked();
});

test('no match offers to clear filters', async ({ page }) => {
  await page.goto('/');
  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);

  await searchBox(page).fill('xylophone');

  await expect(page.getByText('No goods match')).toBeVisible();
  await expect(cardTitles(page)).toHaveCount(0);
  await expect(resultCount(page)).toHaveText('0 of 4 goods');

  await page.getByRole('button', { name: 'Clear filters' }).click();

  await expect(cardTitles(page)).toHaveText(EVERY_GOOD);
  await expect(searchBox(page)).toHaveValue('');
  await expect(page).not.toHaveURL(/[?&]q=/);
});

test('back restores the search', async ({ page }) => {
  await page.goto('/');
  await searchBox(page).pressSequentially('crvs');
  await expect(cardTitles(page)).toHaveText(['OpenCRVS']);

  await cardLink(page, 'OpenCRVS').click();
  await expect(pageHeading(page)).toHaveText('OpenCRVS');
  await page.goBack();

  await expect(searchBox(page)).toHaveValue('crvs');
  await expect(cardTitles(page)).toHaveText(['OpenCRVS']);
  await expect(resultCount(page)).toHaveText('1 of 4 goods');
  await expect(page).toHaveURL(/[?&]q=crvs(&|$)/);
});

test('back restores the tag filter', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('checkbox', { name: /^Children\W*3\b/ }).check();
  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning', 'Primero']);

  await cardLink(page, 'Primero').click();
  await expect(pageHeading(page)).toHaveText('Primero');
  await page.goBack();

  await expect(page.getByRole('checkbox', { name: /^Children\b/ })).toBeChecked();
  await expect(cardTitles(page)).toHaveText(['StoryWeaver', 'Curious Learning', 'Primero']);
});
