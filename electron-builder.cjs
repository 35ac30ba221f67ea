// electron-builder configuration (npm run dist). CommonJS because electron-builder loads it with
// require(). Auto-update is published only when MOMENTS_UPDATE_URL is set at build time: the
// build then carries app-update.yml, and electron-updater runs (main/desktop/electron/updates.ts).
const { electronOnlyExclusions } = require('./build/electronOnlyPackages.cjs')

const updateUrl = process.env.MOMENTS_UPDATE_URL
// Over http anyone on the network could serve an update with its own checksum.
if (updateUrl && !updateUrl.startsWith('https://')) {
  throw new Error(`MOMENTS_UPDATE_URL must be an https:// URL, not ${updateUrl}`)
}
// The name on the Windows code-signing certificate. electron-updater installs an update only when
// the installer's signature carries this name; without one it skips the check entirely.
const windowsPublisher = process.env.MOMENTS_WINDOWS_PUBLISHER || 'Moments'

/** @type {import('app-builder-lib').Configuration} */
module.exports = {
  appId: 'com.moments.desktop',
  productName: 'Moments',
  // Pinned in package.json (optionalDependencies): node_modules/electron may be absent where its
  // binary could not be downloaded, and electron-builder fetches its own Electron to package.
  electronVersion: require('./package.json').optionalDependencies.electron,
  executableName: 'moments-desktop',
  copyright: 'Copyright © Moments',
  directories: { output: 'release', buildResources: 'build' },
  // The bundles (esbuild: main, preload, worker; Vite: renderer) and the production dependencies.
  // dist/*.sql: the demo warehouse's schema, read by the bundled core (scripts/buildDesktop.ts);
  // dist/demo-pgdata.tar.gz: its pre-initialised data directory (npm run build:demo).
  // Not dist/node_modules nor dist/package.json: `npm start`'s Electron build of better-sqlite3
  // (scripts/electronNative.ts); a package gets electron-builder's own rebuild (npmRebuild).
  // The electron npm package and what only it needs stay out: the app runs on the Electron that
  // electron-builder packages, not on a second copy from node_modules.
  files: [
    'dist/desktop/**/*',
    'dist/renderer/**/*',
    'dist/*.sql',
    'dist/demo-pgdata.tar.gz',
    'package.json',
    '!**/*.map',
    ...electronOnlyExclusions(),
  ],
  extraMetadata: { main: 'dist/desktop/main.mjs' },
  asar: true,
  // Native modules cannot be loaded from inside the archive.
  // The demo's data directory is unpacked by tar from a file descriptor: kept out of the archive too.
  asarUnpack: ['**/*.node', 'dist/demo-pgdata.tar.gz'],
  // better-sqlite3 is rebuilt against Electron's Node ABI (@electron/rebuild), as install-app-deps does.
  npmRebuild: true,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  afterSign: 'build/notarize.cjs',
  // Flipped in the Electron binary before signing (@electron/fuses). Without them any local
  // process could run the signed app as Node (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) and
  // ask safeStorage to decrypt the vault as Moments, or swap the app's code beside the archive.
  // The pipeline worker is a utilityProcess, which does not need RunAsNode.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  publish: updateUrl ? [{ provider: 'generic', url: updateUrl }] : null,
  mac: {
    category: 'public.app-category.productivity',
    target: ['dmg', 'zip'],
    icon: 'build/icon.icns',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // build/notarize.cjs notarizes, and only when Apple credentials are in the environment.
    notarize: false,
    extendInfo: {
      // A menu bar app: no Dock icon, no app menu (app.dock.hide() as well, at run time).
      LSUIElement: true,
      // Notifications with buttons (Snooze, Mute) need the alert style.
      NSUserNotificationAlertStyle: 'alert',
    },
  },
  dmg: { sign: false },
  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
    verifyUpdateCodeSignature: true,
    signtoolOptions: { publisherName: [windowsPublisher] },
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    // The Start menu shortcut carries the AppUserModelID the app sets (toasts need it).
    shortcutName: 'Moments',
  },
  linux: {
    // The .deb first: it is the Ubuntu download. Its post-install script installs an AppArmor
    // profile that lets the app create the user namespace Chromium's sandbox needs; Ubuntu
    // 24.04+ denies that to an AppImage, which then aborts at start (electron/electron#42510).
    target: ['deb', 'AppImage'],
    icon: 'build/icons',
    category: 'Office',
    synopsis: 'Critical moments of the accounts you own',
    maintainer: 'Moments <moments@example.com>',
  },
  deb: {
    // libsecret: safeStorage keeps secrets in the GNOME keyring (KWallet also works).
    depends: [
      'libgtk-3-0',
      'libnotify4',
      'libnss3',
      'libxss1',
      'libxtst6',
      'xdg-utils',
      'libatspi2.0-0',
      'libuuid1',
      'libsecret-1-0',
    ],
    recommends: ['gnome-keyring'],
  },
}
