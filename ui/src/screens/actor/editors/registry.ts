import type { Component } from 'svelte';
import CheckboxField from './CheckboxField.svelte';
import CodeField from './CodeField.svelte';
import DateField from './DateField.svelte';
import FileField from './FileField.svelte';
import HiddenField from './HiddenField.svelte';
import KeyValueField from './KeyValueField.svelte';
import NumberField from './NumberField.svelte';
import ProxyField from './ProxyField.svelte';
import RequestListField from './RequestListField.svelte';
import ResourceField from './ResourceField.svelte';
import SchemaBasedField from './SchemaBasedField.svelte';
import SelectField from './SelectField.svelte';
import StringListField from './StringListField.svelte';
import TextArea from './TextArea.svelte';
import TextField from './TextField.svelte';
import UrlPatternField from './UrlPatternField.svelte';
import type { EditorProps } from './types';

/**
 * A component for every editor Apify's input schema allows (`input.schema.json`'s enums; a
 * test fails when one is missing). Looked up when rendered, because schema-based fields
 * contain fields themselves.
 */
export const editors = {
  textfield: () => TextField,
  textarea: () => TextArea,
  select: () => SelectField,
  javascript: () => CodeField,
  python: () => CodeField,
  json: () => CodeField,
  datepicker: () => DateField,
  fileupload: () => FileField,
  hidden: () => HiddenField,
  requestListSources: () => RequestListField,
  pseudoUrls: () => UrlPatternField,
  globs: () => UrlPatternField,
  keyValue: () => KeyValueField,
  stringList: () => StringListField,
  schemaBased: () => SchemaBasedField,
  proxy: () => ProxyField,
  number: () => NumberField,
  checkbox: () => CheckboxField,
  resourcePicker: () => ResourceField,
} satisfies Record<string, () => Component<EditorProps>>;

export type EditorName = keyof typeof editors;

export function isEditor(name: string | undefined): name is EditorName {
  return name !== undefined && name in editors;
}
