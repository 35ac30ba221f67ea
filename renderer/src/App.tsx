import { useEffect } from 'react'
import { hasBridge } from './bridge.ts'
import { HistoryWindow } from './history/HistoryWindow.tsx'
import { useRoute } from './route.ts'
import { SettingsWindow } from './settings/SettingsWindow.tsx'

export function App() {
  const [route, go] = useRoute()
  useEffect(() => {
    document.title = route === 'settings' ? 'Moments — Settings' : 'Moments'
  }, [route])
  if (!hasBridge()) {
    return (
      <main className="fatal">
        <h1>Moments</h1>
        <p>This window only works inside the Moments app.</p>
      </main>
    )
  }
  if (route === 'settings') return <SettingsWindow />
  return <HistoryWindow view={route === 'preview' ? 'preview' : 'moments'} go={go} />
}
