// Cards checked with Microsoft's own Adaptive Cards library (its parser and validator, no DOM
// needed), and markdown read as the library reads it when it renders: with markdown-it.
import * as AdaptiveCards from 'adaptivecards'
import MarkdownIt from 'markdown-it'

/** Every warning and error the library reports parsing and validating the card; [] when it is clean. */
export function cardProblems(json: unknown): string[] {
  const card = new AdaptiveCards.AdaptiveCard()
  const context = new AdaptiveCards.SerializationContext()
  card.parse(json, context)
  const parsing = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message)
  const validation = card.validateProperties().validationEvents.map((event) => event.message)
  return [...parsing, ...validation]
}

const markdown = new MarkdownIt()

/** What a text block's markdown becomes (the HTML the library renders). */
export function renderMarkdown(text: string): string {
  return markdown.render(text)
}

/** The HTML a plain paragraph of `text` is: nothing formatted, linked or tagged. */
export function plainParagraph(text: string): string {
  return `<p>${markdown.utils.escapeHtml(text)}</p>\n`
}
