import { parseArn } from './arns';
import { AwsServiceError, chatErrors, ivsErrors } from './errors';
import { ok, type Operation, type OperationRequest } from './operation';
import { RequestReader } from './request-reader';
import type { ResourceStore } from './resource-store';

/** TagResource / UntagResource / ListTagsForResource for both services, told apart by the ARN. */
export function tagOperations(store: ResourceStore) {
  function taggable(request: OperationRequest): { tags: Record<string, string> } {
    const arn = request.resourceArn ?? '';
    const parts = parseArn(arn);
    if (parts?.service === 'ivschat') {
      const room = store.rooms.get(arn);
      if (!room) throw chatErrors.notFound(arn);
      return room;
    }
    if (parts?.service === 'ivs') {
      const resource =
        store.channels.get(arn) ?? store.streamKeys.get(arn) ?? store.recordingConfigurations.get(arn);
      if (!resource) throw ivsErrors.notFound(arn);
      return resource;
    }
    throw ivsErrors.validation(`resourceArn ${arn} is not a valid IVS or IVS Chat ARN`);
  }

  const invalidFor = (request: OperationRequest) => (field: string, problem: string): AwsServiceError =>
    parseArn(request.resourceArn ?? '')?.service === 'ivschat'
      ? chatErrors.validation(field, problem)
      : ivsErrors.validation(`Value at '${field}' ${problem}`);

  const listTags: Operation = (request) => ok({ tags: { ...taggable(request).tags } });

  const tagResource: Operation = (request) => {
    const resource = taggable(request);
    const tags = new RequestReader(request.body, invalidFor(request)).optionalTags() ?? {};
    resource.tags = { ...resource.tags, ...tags };
    store.persist();
    return ok({});
  };

  const untagResource: Operation = (request) => {
    const resource = taggable(request);
    const remaining = { ...resource.tags };
    for (const key of request.query.getAll('tagKeys')) delete remaining[key];
    resource.tags = remaining;
    store.persist();
    return ok({});
  };

  return { listTags, tagResource, untagResource };
}
