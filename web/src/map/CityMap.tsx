import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { LatLng } from '../api/types.js';
import { type MessageKey, t } from '../i18n.js';
import seoul from './seoul.geo.json';
import { PLACES, SEOUL_CENTER, placeName } from './places.js';

export type MarkerKind = 'pickup' | 'destination' | 'taxi' | 'busy-taxi' | 'me' | 'call' | 'dispatched-call';
export type MapMarker = { id: string; at: LatLng; kind: MarkerKind; title: string; draggable?: boolean };

type Props = {
  tilesUrl: string | null;
  markers: MapMarker[];
  onClick?: (at: LatLng) => void;
  onDragEnd?: (id: string, at: LatLng) => void;
  label: string;
  /** Points to keep in view (the taxi and where it is going): the map follows them as they move. */
  focus?: LatLng[];
};

// Drawn, not typed: an emoji or a font glyph may be missing on the viewer's machine.
const CAR =
  '<svg viewBox="0 0 24 24" width="18" height="18"><path fill="#102a43" d="M5 11l1.5-4.5A2 2 0 0 1 8.4 5h7.2a2 2 0 0 1 1.9 1.5L19 11a2 2 0 0 1 2 2v4h-2v1.5a1.5 1.5 0 0 1-3 0V17H8v1.5a1.5 1.5 0 0 1-3 0V17H3v-4a2 2 0 0 1 2-2zm2.1 0h9.8l-1.2-3.6a.6.6 0 0 0-.6-.4H8.9a.6.6 0 0 0-.6.4zM6.5 15a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5zm11 0a1.25 1.25 0 1 0 0-2.5 1.25 1.25 0 0 0 0 2.5z"/></svg>';
const GLYPH: Record<MarkerKind, string> = { pickup: 'P', destination: 'D', taxi: '', 'busy-taxi': '', me: CAR, call: '', 'dispatched-call': '' };
const LEGEND: Partial<Record<MarkerKind, MessageKey>> = {
  pickup: 'pickup',
  destination: 'destination',
  taxi: 'legendFree',
  'busy-taxi': 'legendBusy',
  call: 'legendCall',
  'dispatched-call': 'legendDispatched',
};

const PINS = new Set<MarkerKind>(['pickup', 'destination']);

const iconOf = (marker: MapMarker) =>
  L.divIcon({
    className: `marker marker-${marker.kind}`,
    html: `<span aria-hidden="true">${GLYPH[marker.kind]}</span>`,
    iconSize: marker.kind === 'me' ? [30, 30] : [20, 20],
    // Pickup and destination stand above their point like pins, so a taxi on the spot covers neither.
    ...(PINS.has(marker.kind) ? { iconAnchor: [10, 30] as [number, number] } : {}),
  });

type Handlers = { current: { onDragEnd?: ((id: string, at: LatLng) => void) | undefined } };

const addMarker = (group: L.LayerGroup, marker: MapMarker, handlers: Handlers) => {
  const interactive = !!marker.draggable;
  const leafletMarker = L.marker([marker.at.lat, marker.at.lng], {
    icon: iconOf(marker),
    title: marker.title,
    draggable: interactive,
    interactive,
    keyboard: interactive,
    zIndexOffset: PINS.has(marker.kind) ? 2000 : marker.kind === 'me' ? 1000 : 0,
  });
  if (interactive)
    leafletMarker.on('dragend', () => {
      const at = leafletMarker.getLatLng();
      handlers.current.onDragEnd?.(marker.id, { lat: at.lat, lng: at.lng });
    });
  group.addLayer(leafletMarker);
  leafletMarker.getElement()?.setAttribute('data-marker', marker.id);
  leafletMarker.getElement()?.setAttribute('data-kind', marker.kind);
  return leafletMarker;
};

/**
 * The service area drawn from the outline shipped with the console, so the map is usable offline;
 * tiles from MAP_TILES_URL go underneath when configured (a tile that fails to load just stays blank).
 */
export const CityMap = ({ tilesUrl, markers, onClick, onDragEnd, label, focus }: Props) => {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const placed = useRef(new Map<string, { marker: L.Marker; key: string }>());
  const handlers = useRef({ onClick, onDragEnd });
  handlers.current = { onClick, onDragEnd };

  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { center: [SEOUL_CENTER.lat, SEOUL_CENTER.lng], zoom: 11, minZoom: 9, maxZoom: 17, zoomSnap: 0.5 });
    if (tilesUrl) L.tileLayer(tilesUrl, { maxZoom: 19, attribution: 'Map tiles' }).addTo(created);
    const outline = L.geoJSON(seoul as GeoJSON.FeatureCollection, {
      style: (feature) =>
        feature?.properties?.kind === 'river'
          ? { className: 'river', weight: 6, color: '#7fb2e5', opacity: 0.8 }
          : { className: 'area', weight: 2, color: '#5d6b7a', fillColor: '#eef3ea', fillOpacity: tilesUrl ? 0.15 : 0.9 },
      interactive: false,
    }).addTo(created);
    created.fitBounds(outline.getBounds(), { padding: [8, 8] });
    // Landmarks to find one's way on the plain outline when there are no tiles.
    for (const place of PLACES) {
      const name = placeName(place);
      L.marker([place.lat, place.lng], {
        icon: L.divIcon({ className: 'place-label', html: name, iconSize: [110, 14], iconAnchor: [55, -6] }),
        interactive: false,
        keyboard: false,
      }).addTo(created);
    }
    created.on('click', (event: L.LeafletMouseEvent) => handlers.current.onClick?.({ lat: event.latlng.lat, lng: event.latlng.lng }));
    layer.current = L.layerGroup().addTo(created);
    map.current = created;
    // The map is sized by CSS; Leaflet measures once, so it is told when the layout settles.
    const resize = new ResizeObserver(() => created.invalidateSize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      created.remove();
      map.current = null;
      placed.current.clear();
    };
  }, [tilesUrl]);

  // Markers are kept by id and moved in place: redrawing them all on every ping would flicker
  // and would drop a marker the driver is dragging.
  useEffect(() => {
    const group = layer.current;
    if (!group) return;
    const seen = new Set<string>();
    for (const marker of markers) {
      seen.add(marker.id);
      const key = `${marker.kind}|${marker.title}|${!!marker.draggable}`;
      const existing = placed.current.get(marker.id);
      if (existing && existing.key === key) {
        existing.marker.setLatLng([marker.at.lat, marker.at.lng]);
        continue;
      }
      if (existing) group.removeLayer(existing.marker);
      placed.current.set(marker.id, { marker: addMarker(group, marker, handlers), key });
    }
    for (const [id, { marker }] of placed.current) {
      if (seen.has(id)) continue;
      group.removeLayer(marker);
      placed.current.delete(id);
    }
  }, [markers]);

  // Following: refit only when a focused point leaves the inner part of the view, so the map
  // does not jump on every ping and the person can still look around between moves.
  const focusKey = focus?.map((point) => `${point.lat.toFixed(4)},${point.lng.toFixed(4)}`).join(';') ?? '';
  useEffect(() => {
    const current = map.current;
    if (!current || !focus?.length) return;
    const inner = current.getBounds().pad(-0.15);
    if (focus.every((point) => inner.contains([point.lat, point.lng]))) return;
    current.fitBounds(L.latLngBounds(focus.map((point) => [point.lat, point.lng])), { padding: [40, 40], maxZoom: 16 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusKey]);

  return (
    <figure className="map-figure">
      <div ref={element} className="map" role="region" aria-label={label} />
      <figcaption className="legend">
        {[...new Set(markers.map((marker) => marker.kind))].map((kind) => {
          const label = LEGEND[kind];
          return label ? (
            <span key={kind}>
              <i className={`dot marker-${kind}`} /> {t(label)}
            </span>
          ) : null;
        })}
      </figcaption>
    </figure>
  );
};
