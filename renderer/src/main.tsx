import './zodWithoutEval.ts'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import './styles.css'

// No <StrictMode>: in this build it mounts every effect twice, which doubles each window's first
// IPC calls (main answers them one at a time, so the first page of moments waited on the repeats).
const root = document.getElementById('root')
if (root) createRoot(root).render(<App />)
