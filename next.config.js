// The JSON API and Socket.IO live in the custom server (server/main.ts), so Next only
// serves pages. Server-only packages never reach a page bundle: app/ imports lib/ only.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A build in a fresh clone must not depend on anything but the repository.
  typescript: { tsconfigPath: 'tsconfig.json' },
};

module.exports = nextConfig;
