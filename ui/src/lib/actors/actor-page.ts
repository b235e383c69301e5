import { backend, type ActorPage, type FieldProblem, type JsonValue } from '../backend';

/** An Actor's page: its facts, README and schema, and the input checked by Rust as it is typed. */
export const actorPage = {
  open: (actorId: string): Promise<ActorPage> => backend.actorPage(actorId),
  checkInput: (schema: JsonValue, input: JsonValue): Promise<FieldProblem[]> => backend.inputCheck(schema, input),
};
