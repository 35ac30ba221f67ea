// electron-builder afterSign hook: notarizes the signed macOS app with Apple's notary service,
// and only when credentials are in the environment (a developer's local build is not notarized):
//   APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER   — preferred, or
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID
const path = require('node:path')

/** The notarytool credentials the environment holds, or null. */
function notaryCredentials(env) {
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    return {
      appleApiKey: env.APPLE_API_KEY,
      appleApiKeyId: env.APPLE_API_KEY_ID,
      appleApiIssuer: env.APPLE_API_ISSUER,
    }
  }
  if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    return {
      appleId: env.APPLE_ID,
      appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD,
      teamId: env.APPLE_TEAM_ID,
    }
  }
  return null
}

async function afterSign(context) {
  if (context.electronPlatformName !== 'darwin') return
  const credentials = notaryCredentials(process.env)
  if (!credentials) {
    console.log('  • notarize: skipped (no APPLE_API_KEY… or APPLE_ID… credentials in the environment)')
    return
  }
  const { notarize } = require('@electron/notarize')
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`)
  console.log(`  • notarize: ${appPath}`)
  await notarize({ appPath, ...credentials })
}

module.exports = afterSign
module.exports.default = afterSign
module.exports.notaryCredentials = notaryCredentials
