// Run metadata: the run's ids, start time, source, destination and destination object (named from
// the fact tables), the payload schema, the record files and the raw metadata.json.
import type { RunDetailsResponse } from '../../api/api-types.js';
import { errorMessage } from '../api-client.js';
import { h, replaceChildren, type Child } from '../dom.js';
import { bytes, count, utcTime } from '../format.js';
import { jsonView } from '../json-view.js';

export class MetadataPanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'panel-body' });

  constructor() {
    this.element = h('section', { class: 'card panel' }, h('h2', { class: 'panel-title' }, 'Run metadata'), this.body);
  }

  showFailure(error: unknown): void {
    replaceChildren(this.body, h('p', { class: 'muted' }, `Could not read this run: ${errorMessage(error)}`));
  }

  show(details: RunDetailsResponse): void {
    const metadata = details.metadata;
    const row = (label: string, value: Child) => [h('dt', null, label), h('dd', null, value)];
    const named = (object: RunDetailsResponse['source']) =>
      object === null ? h('span', { class: 'muted' }, '—') : [object.name ?? h('span', { class: 'muted' }, 'not in the fact tables'), h('span', { class: 'muted small' }, ` ${object.type ?? ''} #${object.id}`)];
    const schema = Object.entries(metadata?.recordPayloadSchema ?? {});
    replaceChildren(
      this.body,
      details.metadataError ? h('p', { class: 'warning-block' }, `metadata.json could not be read: ${details.metadataError.message}`) : null,
      metadata === null && !details.metadataError ? h('p', { class: 'muted' }, 'This run has no metadata.json (yet).') : null,
      h(
        'dl',
        { class: 'facts' },
        row('Organization', metadata?.organizationId ?? details.orgId),
        row('Workspace', metadata?.workspaceId ?? '—'),
        row('Sync', metadata?.syncConfigurationId ?? details.syncId),
        row('Run', metadata?.syncRunId ?? details.runId),
        row('Started', utcTime(metadata?.runStartedAt ?? null)),
        row('Source', named(details.source)),
        row('Destination', named(details.destination)),
        details.destinationObject ? row('Object', named(details.destinationObject)) : null,
        row('Location', h('span', { class: 'mono small break' }, details.location)),
        row('Files', `${count(details.files.length)} (${bytes(details.files.reduce((sum, file) => sum + file.size, 0))})`),
      ),
      schema.length > 0
        ? h('div', { class: 'schema' }, h('h3', null, 'Payload schema'), h('ul', { class: 'schema-list' }, schema.map(([field, type]) => h('li', null, h('span', { class: 'mono' }, field), h('span', { class: 'type-chip' }, type)))))
        : null,
      details.files.length > 0
        ? h('details', { class: 'disclosure' }, h('summary', null, `Record files (${count(details.files.length)})`), h('ul', { class: 'file-list' }, details.files.map((file) => h('li', null, h('span', { class: 'mono' }, file.name), h('span', { class: 'muted' }, bytes(file.size))))))
        : null,
      metadata ? h('details', { class: 'disclosure' }, h('summary', null, 'metadata.json'), jsonView(metadata.raw)) : null,
    );
  }
}
