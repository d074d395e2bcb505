/** Customer classifications from DOMAIN.md "Customers 客户". */
import { registerEnumType } from 'type-graphql';

export enum CustomerKind {
  INDUSTRIAL = 'INDUSTRIAL',
  COMMERCIAL = 'COMMERCIAL',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  HOTEL = 'HOTEL',
  CNG_STATION = 'CNG_STATION',
  TRANSPORT_FLEET = 'TRANSPORT_FLEET',
  RESIDENTIAL_COMPOUND = 'RESIDENTIAL_COMPOUND',
}
registerEnumType(CustomerKind, {
  name: 'CustomerKind',
  description: 'What kind of organisation the customer is.',
  valuesConfig: {
    INDUSTRIAL: { description: 'Factory or plant 工业.' },
    COMMERCIAL: { description: 'Shop, office, restaurant 商业.' },
    PUBLIC_INSTITUTION: { description: 'Hospital, school, government body 公共机构.' },
    HOTEL: { description: 'Hotel 酒店.' },
    CNG_STATION: { description: 'CNG filling station CNG加气站.' },
    TRANSPORT_FLEET: { description: 'Taxi, bus or logistics fleet 运输车队.' },
    RESIDENTIAL_COMPOUND: { description: 'Residential compound 居民小区.' },
  },
});

export enum Utility {
  POWER = 'POWER',
  GAS = 'GAS',
  HEAT = 'HEAT',
  FUEL = 'FUEL',
  ENERGY_SERVICES = 'ENERGY_SERVICES',
}
registerEnumType(Utility, {
  name: 'Utility',
  description: 'What the customer buys from the company.',
  valuesConfig: {
    POWER: { description: 'Electricity 电力.' },
    GAS: { description: 'Piped or compressed natural gas 燃气.' },
    HEAT: { description: 'District heating 热力.' },
    FUEL: { description: 'Oil products 油品.' },
    ENERGY_SERVICES: { description: 'Integrated energy services 综合能源服务.' },
  },
});

export enum CustomerTier {
  STRATEGIC = 'STRATEGIC',
  KEY = 'KEY',
  REGULAR = 'REGULAR',
  PROSPECT = 'PROSPECT',
}
registerEnumType(CustomerTier, {
  name: 'CustomerTier',
  description: 'How important the customer is to the company.',
  valuesConfig: {
    STRATEGIC: { description: 'Strategic account 战略客户 (group-level "十百千万").' },
    KEY: { description: 'Key account 大客户, above the company\'s consumption threshold.' },
    REGULAR: { description: 'Regular customer 普通客户.' },
    PROSPECT: { description: 'Prospect 潜在客户, not yet supplied.' },
  },
});

export enum CustomerStatus {
  PROSPECT = 'PROSPECT',
  CONTACTED = 'CONTACTED',
  NEGOTIATING = 'NEGOTIATING',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}
registerEnumType(CustomerStatus, {
  name: 'CustomerStatus',
  description: 'Lifecycle stage: prospect → contacted → negotiating → active → suspended → closed.',
  valuesConfig: {
    PROSPECT: { description: 'Identified, not yet contacted 潜在.' },
    CONTACTED: { description: 'First contact made 已接触.' },
    NEGOTIATING: { description: 'In negotiation 洽谈中.' },
    ACTIVE: { description: 'Developed and supplied 开发成功; the date counts for rewards.' },
    SUSPENDED: { description: 'Supply suspended 停用.' },
    CLOSED: { description: 'Account closed 销户.' },
  },
});

export enum CustomerSource {
  SCREENING = 'SCREENING',
  INDUSTRY_EVENT = 'INDUSTRY_EVENT',
  REFERRAL = 'REFERRAL',
  GOVERNMENT_LIAISON = 'GOVERNMENT_LIAISON',
  WALK_IN = 'WALK_IN',
  CAMPAIGN = 'CAMPAIGN',
  OTHER = 'OTHER',
}
registerEnumType(CustomerSource, {
  name: 'CustomerSource',
  description: 'How the customer was found (DOMAIN.md "Source").',
  valuesConfig: {
    SCREENING: { description: 'Screening of company data 企查查筛查.' },
    INDUSTRY_EVENT: { description: 'An industry event or exhibition.' },
    REFERRAL: { description: 'Referred by another customer 客户引荐客户 (see referredBy).' },
    GOVERNMENT_LIAISON: { description: 'Through government or union liaison 政企共建/工会联系函.' },
    WALK_IN: { description: 'Came to a station or office by itself.' },
    CAMPAIGN: { description: 'A marketing campaign.' },
    OTHER: { description: 'Any other way.' },
  },
});

export enum RiskLevel {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(RiskLevel, {
  name: 'RiskLevel',
  description: 'Level of a risk-ledger entry 风险等级.',
  valuesConfig: {
    HIGH: { description: 'High risk: a leader handles it personally.' },
    MEDIUM: { description: 'Medium risk.' },
    LOW: { description: 'Low risk, watched.' },
  },
});
