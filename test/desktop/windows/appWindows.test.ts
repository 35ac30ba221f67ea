import { describe, expect, it } from 'vitest'
import { type AppWindowPort, appWindows, windowUrl } from '../../../main/desktop/windows/appWindows.ts'

class FakeWindow implements AppWindowPort {
  static next = 1
  readonly contentsId = FakeWindow.next++
  visible = false
  destroyed = false
  loaded: string | null = null
  sent: [string, unknown][] = []
  closeListeners: ((event: { preventDefault(): void }) => void)[] = []
  closedListeners: (() => void)[] = []
  readyListeners: (() => void)[] = []
  shows = 0
  /** BrowserWindow emits ready-to-show once, at the first paint while hidden */
  paint(): void {
    for (const l of this.readyListeners.splice(0)) l()
  }
  async load(url: string) {
    this.loaded = url
  }
  show = () => {
    this.shows++
    this.visible = true
  }
  hide = () => {
    this.visible = false
  }
  focus = () => {}
  isDestroyed = () => this.destroyed
  send = (event: string, payload: unknown) => void this.sent.push([event, payload])
  onClose = (l: (event: { preventDefault(): void }) => void) => void this.closeListeners.push(l)
  onClosed = (l: () => void) => void this.closedListeners.push(l)
  onReadyToShow = (l: () => void) => void this.readyListeners.push(l)
  close(): boolean {
    let prevented = false
    for (const l of this.closeListeners) l({ preventDefault: () => (prevented = true) })
    if (!prevented) {
      this.destroyed = true
      for (const l of this.closedListeners) l()
    }
    return prevented
  }
}

function setup(readyGraceMs = 60_000) {
  const created: FakeWindow[] = []
  let quitting = false
  const windows = appWindows({
    readyGraceMs,
    create: () => {
      const w = new FakeWindow()
      created.push(w)
      return w
    },
    isQuitting: () => quitting,
  })
  return { windows, created, quit: () => (quitting = true) }
}

describe('the windows', () => {
  it('open our own page on their route, once each', () => {
    const { windows, created } = setup()
    windows.show('history')
    windows.show('history')
    windows.show('settings')
    expect(created.map((w) => w.loaded)).toEqual([windowUrl('history'), windowUrl('settings')])
    expect(windowUrl('settings')).toBe('app://moments/index.html#/settings')
  })

  it('show a new window at its first paint (ready-to-show), never blank before it', () => {
    const { windows, created } = setup()
    windows.show('history')
    const history = created[0] as FakeWindow
    expect(history.visible).toBe(false)
    windows.show('history')
    expect(history.shows).toBe(0)
    history.paint()
    expect(history.visible).toBe(true)
    expect(history.shows).toBe(1)
  })

  it('show a window hidden in the tray at once: it has painted already', () => {
    const { windows, created } = setup()
    windows.show('settings')
    const settings = created[0] as FakeWindow
    settings.paint()
    settings.close()
    expect(settings.visible).toBe(false)
    windows.show('settings')
    expect(settings.visible).toBe(true)
  })

  it('show a window whose first paint never comes, shortly after its load settled', async () => {
    const { windows, created } = setup(20)
    windows.show('history')
    const history = created[0] as FakeWindow
    expect(history.visible).toBe(false)
    await expect.poll(() => history.visible).toBe(true)
    history.paint()
    expect(history.shows).toBe(1)
  })

  it('hide on close, so the app stays in the tray; close for real when quitting', () => {
    const { windows, created, quit } = setup()
    windows.show('history')
    const history = created[0] as FakeWindow
    history.paint()
    expect(history.close()).toBe(true)
    expect(history.visible).toBe(false)
    expect(windows.contentsIds()).toEqual(new Set([history.contentsId]))
    quit()
    expect(history.close()).toBe(false)
    expect(windows.contentsIds()).toEqual(new Set())
  })

  it('sends a notification click to the history window, opening it first', async () => {
    const { windows, created } = setup()
    const sent = windows.sendTo('history', 'navigate', { momentId: 'm1' })
    created[0]?.paint()
    await sent
    expect(created[0]?.visible).toBe(true)
    expect(created[0]?.sent).toEqual([['navigate', { momentId: 'm1' }]])
  })

  it('broadcasts status to every open window', () => {
    const { windows, created } = setup()
    windows.show('history')
    windows.show('settings')
    windows.broadcast('moments.changed', { added: 2 })
    expect(created.map((w) => w.sent)).toEqual([
      [['moments.changed', { added: 2 }]],
      [['moments.changed', { added: 2 }]],
    ])
  })
})
