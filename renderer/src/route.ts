import { useEffect, useState } from 'react'

export type Route = 'history' | 'preview' | 'settings'

/** `index.html#/settings`: the desktop opens each window on its route. */
function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return name === 'settings' || name === 'preview' ? name : 'history'
}

export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(routeOf(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return [
    route,
    (next) => {
      window.location.hash = `#/${next}`
    },
  ]
}
