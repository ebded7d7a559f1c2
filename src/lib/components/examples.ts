import type { Component } from 'svelte';
import { render } from 'svelte/server';

/**
 * Example props of a component, kept beside it the way GOV.UK Frontend keeps them: the same list
 * shows how the component is called and feeds the accessibility test (components.axe.test.ts),
 * which renders every example and expects no axe violation. Imported by tests only.
 */
export interface Example {
	/** Component and case, e.g. "SelectField: with hint and error". */
	name: string;
	/** The example rendered on the server, as SvelteKit renders a page without JavaScript. */
	html(): string;
}

/** Examples of one component; `props` are checked against the component's own props. */
export function examplesOf<Props extends Record<string, unknown>>(
	componentName: string,
	component: Component<Props>,
	cases: { name: string; props: NoInfer<Props> }[]
): Example[] {
	return cases.map((c) => ({ name: `${componentName}: ${c.name}`, html: () => render(component, { props: c.props }).body }));
}
