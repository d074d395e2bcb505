/** Inputs and payloads of saved views 常用筛选. */
import { MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsGlobalId, IsNotBlank } from '../../../graphql/validators.js';
import { CustomerOrder } from '../../customers/dto/customer.inputs.js';
import { SAVED_VIEW_NAME_MAX, SavedView, SavedViewPage } from '../saved-view.entity.js';

@InputType({ description: 'A filter of a list page to keep under a name.' })
export class SaveViewInput {
  @Field(() => String, { description: `Its name, 1–${SAVED_VIEW_NAME_MAX} characters, unique among your views of the page (CONFLICT otherwise).` })
  @IsNotBlank()
  @MaxLength(SAVED_VIEW_NAME_MAX, { message: `must be at most ${SAVED_VIEW_NAME_MAX} characters` })
  name!: string;

  @Field(() => SavedViewPage, { description: 'The list page it filters; decides the filter type.' })
  page!: SavedViewPage;

  @Field(() => GraphQLJSONObject, {
    description:
      "The filter as the page's list takes it: a CustomerFilter for CUSTOMERS and PROSPECTS, an ExpiringContractsFilter for CONTRACTS. Anything the list would refuse is BAD_USER_INPUT naming filter.<field>.",
  })
  filter!: Record<string, unknown>;

  @Field(() => CustomerOrder, { nullable: true, description: 'Sort order of a customer or prospect list (not for CONTRACTS).' })
  orderBy?: CustomerOrder | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Show it to the colleagues of your org subtree too; needs views:share (leads, admins).' })
  shared?: boolean | null;
}

@ObjectType({ description: 'Result of saveView.' })
export class SaveViewPayload {
  @Field(() => SavedView, { description: 'The saved view.' })
  view!: SavedView;
}

@InputType({ description: 'Which saved view to delete.' })
export class DeleteSavedViewInput {
  @Field(() => ID, { description: 'One of your own saved views; anyone else’s is NOT_FOUND.' })
  @IsGlobalId('SavedView')
  id!: string;
}

@ObjectType({ description: 'Result of deleteSavedView.' })
export class DeleteSavedViewPayload {
  @Field(() => ID, { description: 'The ID of the deleted view.' })
  deletedId!: string;
}
