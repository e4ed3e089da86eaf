/** The shared stack started by test/system/global-setup.ts. */
export function registry(): { url: string; host: string; user: string; password: string; dataDir: string } {
  const url = process.env.BERTH_TEST_URL;
  const host = process.env.BERTH_TEST_HOST;
  const password = process.env.BERTH_TEST_ADMIN_PASSWORD;
  if (!url || !host || !password)
    throw new Error('system tests need the stack from test/system/global-setup.ts');
  return { url, host, user: 'admin', password, dataDir: process.env.BERTH_TEST_DATA_DIR ?? '' };
}
