export function DemoBanner({ onConnect }: { onConnect: () => void }) {
  return (
    <div className="banner" role="note" data-testid="demo-banner">
      <span>
        <strong>This is the demo.</strong> The customers and events are synthetic, so you can see how Moments
        works before you connect anything.
      </span>
      <button type="button" className="primary" onClick={onConnect}>
        Connect your warehouse
      </button>
    </div>
  )
}
