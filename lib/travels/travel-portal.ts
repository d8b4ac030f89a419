import { Construct } from 'constructs';
import { requireObject } from '../core/validation';
import { IMeshService, MeshService, requireMeshService, serviceAddress } from '../workload/mesh-service';
import { travelsPodAnnotations } from './proxy-config';
import { TRAVELS_IMAGE_REGISTRY, travelsMesh, TravelsWorkloadOptions, travelsWorkload } from './options';

/** Props of {@link TravelPortal}. */
export interface TravelPortalProps extends TravelsWorkloadOptions {
  /** The namespace. */
  readonly namespace: string;
  /** The agency's `travels` service the portals call. */
  readonly agencyTravels: IMeshService;
}

/** One portal of upstream's travel_portal.yaml. */
interface PortalFacts {
  readonly name: string;
  readonly portalName: string;
  readonly country: string;
  readonly coordinates: string;
  /** Upstream names the container `control` in two of the three portals (a copy-paste it keeps). */
  readonly containerName: string;
}

const PORTALS: readonly PortalFacts[] = [
  { name: 'voyages', portalName: 'voyages.fr', country: 'France', coordinates: '48.861310,2.337418', containerName: 'voyages' },
  { name: 'viaggi', portalName: 'viaggi.it', country: 'Italy', coordinates: '41.890668,12.492194', containerName: 'control' },
  { name: 'travels', portalName: 'travels.uk', country: 'United Kingdom', coordinates: '55.956245,-3.187915', containerName: 'control' },
];

/** The travel-portal namespace: three portals that send the `portal` header to the agency's travels. */
export class TravelPortal extends Construct {
  /** The French portal, voyages.fr. */
  public readonly voyages: MeshService;
  /** The Italian portal, viaggi.it. */
  public readonly viaggi: MeshService;
  /** The portal `travels` (travels.uk), not the agency's service of the same name. */
  public readonly travels: MeshService;
  /** Each portal's service with the value it sends in the `portal` header, e.g. `voyages.fr`. */
  public readonly portals: ReadonlyArray<{ readonly service: MeshService; readonly portalName: string }>;

  public constructor(scope: Construct, id: string, props: TravelPortalProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const agencyTravels = requireMeshService(this, 'agencyTravels', props.agencyTravels);
    const inject = props.sidecarInjection ?? (() => true);
    const security = travelsWorkload(this, props);
    this.portals = PORTALS.map((p) => {
      const service = new MeshService(this, p.name, { name: p.name, namespace: props.namespace, port: { number: 8000 } });
      service.addVersion({
        ...security,
        version: 'v1',
        name: p.name, // upstream's portal Deployments have no version suffix
        containerName: p.containerName,
        image: `${TRAVELS_IMAGE_REGISTRY}/demo_travels_portal:v1`,
        env: {
          LISTEN_ADDRESS: ':8000',
          PORTAL_COORDINATES: p.coordinates,
          PORTAL_COUNTRY: p.country,
          PORTAL_NAME: p.portalName,
          TRAVELS_AGENCY_SERVICE: `http://${serviceAddress(agencyTravels)}`,
        },
        podAnnotations: travelsPodAnnotations(travelsMesh(this, props).zipkinAddress),
        sidecarInjection: inject(p.name),
      });
      return { service, portalName: p.portalName };
    });
    [this.voyages, this.viaggi, this.travels] = this.portals.map((p) => p.service);
  }
}
