// Preload entry (sandboxed renderer process): exposes `window.moments` and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { exposeMomentsBridge } from './bridge.ts'

exposeMomentsBridge(contextBridge, ipcRenderer)
